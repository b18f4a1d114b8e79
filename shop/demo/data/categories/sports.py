"""Sports: the category, its leaves and their vocabularies."""

from .. import Term
from .spec import Leaf, ProductType, Root

T = Term
P = ProductType

SPORTS = Root(
    "sports",
    T("运动", "Sports"),
    T("居家健身与户外装备。", "Gear for home workouts and the great outdoors."),
    ((208, 240, 234), (52, 150, 140)),
    (
        Leaf(
            "fitness",
            T("健身", "Fitness"),
            4,
            1.0,
            (
                P("YOGA", T("瑜伽垫", "Yoga Mat"), (59, 259), "homeware"),
                P("DMBL", T("可调节哑铃", "Adjustable Dumbbells"), (199, 899)),
                P("RESB", T("弹力带", "Resistance Bands"), (29, 99)),
                P("ROPE", T("跳绳", "Jump Rope"), (19, 79), "gadget"),
                P(
                    "TRNT",
                    T("训练T恤", "Training Tee"),
                    (59, 199),
                    "apparel",
                    ("polyester",),
                    "summer",
                ),
                P(
                    "LEGG",
                    T("瑜伽裤", "Yoga Leggings"),
                    (99, 299),
                    "apparel",
                    ("polyester", "modal"),
                ),
            ),
            (
                T("专业", "Pro"),
                T("家用", "Home"),
                T("防滑", "Non-Slip"),
                T("加厚", "Thick"),
                T("便携", "Portable"),
            ),
            (T("静音", "Quiet"), T("高弹", "High-Stretch"), T("训练", "Training")),
            (
                T("在家也能练出好状态。", "Get in shape without leaving home."),
                T("人体工学设计，贴合发力。", "Ergonomic design that works with your body."),
                T("耐用不易变形。", "Durable and keeps its shape."),
            ),
            ("wearables", "shoes", "outdoor"),
        ),
        Leaf(
            "outdoor",
            T("户外", "Outdoor"),
            3,
            0.7,
            (
                P("TENT", T("帐篷", "Tent"), (299, 1999), "homeware"),
                P("BKPK", T("登山包", "Hiking Backpack"), (199, 799), "gadget"),
                P("POLE", T("登山杖", "Trekking Poles"), (99, 399), "single", ("aluminium",)),
                P("CHAR", T("露营椅", "Camping Chair"), (79, 299), "homeware", ("aluminium",)),
                P("SLBG", T("睡袋", "Sleeping Bag"), (199, 899), "single", ("down",), "winter"),
            ),
            (
                T("轻量", "Ultralight"),
                T("防水", "Waterproof"),
                T("户外", "Outdoor"),
                T("专业", "Expedition"),
                T("便携", "Portable"),
            ),
            (T("大容量", "Large-Capacity"), T("多功能", "Multi-Purpose"), T("折叠", "Folding")),
            (
                T("为周末露营和徒步而生。", "Made for weekend camping and hikes."),
                T("快速搭建，轻松收纳。", "Sets up fast and packs away small."),
                T("耐磨面料，经得起风雨。", "Tough fabric that stands up to wind and rain."),
            ),
            ("fitness", "outerwear"),
        ),
    ),
)
