"""Home: the category, its leaves and their vocabularies."""

from .. import Term
from .spec import Leaf, ProductType, Root

T = Term
P = ProductType

HOME = Root(
    "home",
    T("家居", "Home"),
    T("让家更舒服的厨具、床品和收纳。", "Kitchenware, bedding and storage for a cosier home."),
    ((224, 236, 222), (118, 158, 128)),
    (
        Leaf(
            "kitchen",
            T("厨具", "Kitchen"),
            4,
            0.9,
            (
                P("WOK", T("炒锅", "Wok"), (129, 499), "single", ("cast-iron", "stainless-steel")),
                P("MUG", T("马克杯", "Mug"), (29, 89), "homeware", ("ceramic", "glass")),
                P("FLSK", T("保温杯", "Vacuum Flask"), (69, 259), "homeware", ("stainless-steel",)),
                P("KNIF", T("刀具套装", "Knife Set"), (129, 599), "single", ("stainless-steel",)),
                P("DISH", T("碗碟套装", "Tableware Set"), (79, 399), "homeware", ("ceramic",)),
                P("CUTB", T("砧板", "Cutting Board"), (39, 159), "single", ("bamboo",)),
            ),
            (
                T("家用", "Household"),
                T("多功能", "Multi-Purpose"),
                T("北欧", "Nordic"),
                T("日式", "Japanese-Style"),
                T("加厚", "Heavy-Duty"),
            ),
            (),
            (
                T("受热均匀，易清洗。", "Heats evenly and cleans easily."),
                T("食品级材质，安心使用。", "Food-grade materials you can trust."),
                T("简约设计，厨房颜值担当。", "Simple design that looks good on the counter."),
            ),
            ("pantry", "storage"),
            gift=0.2,
        ),
        Leaf(
            "bedding",
            T("床品", "Bedding"),
            3,
            0.7,
            (
                P(
                    "BDST",
                    T("四件套", "Bedding Set (4 pcs)"),
                    (199, 899),
                    "bedding",
                    ("cotton", "silk", "linen"),
                ),
                P(
                    "QUIL",
                    T("被子", "Duvet"),
                    (199, 999),
                    "bedding",
                    ("down", "cotton", "silk"),
                    "winter",
                ),
                P("PILW", T("枕头", "Pillow"), (59, 299), "single", ("down", "cotton")),
                P(
                    "THRW",
                    T("毛毯", "Throw Blanket"),
                    (99, 399),
                    "homeware",
                    ("wool", "cotton"),
                    "winter",
                ),
                P(
                    "MATS",
                    T("凉席", "Summer Sleeping Mat"),
                    (99, 399),
                    "bedding",
                    ("bamboo",),
                    "summer",
                ),
            ),
            (
                T("亲肤", "Skin-Friendly"),
                T("北欧", "Nordic"),
                T("简约", "Minimal"),
                T("纯色", "Solid"),
            ),
            (),
            (
                T("柔软亲肤，一觉到天亮。", "Soft on the skin for a full night's sleep."),
                T("高支高密，越洗越软。", "High thread count that softens with every wash."),
                T("环保印染，不易褪色。", "Eco-friendly dyes that do not fade."),
            ),
            ("storage",),
        ),
        Leaf(
            "storage",
            T("收纳", "Storage"),
            3,
            0.9,
            (
                P("SBOX", T("收纳箱", "Storage Box"), (29, 129), "homeware"),
                P(
                    "SHLF",
                    T("置物架", "Shelf Rack"),
                    (59, 299),
                    "single",
                    ("bamboo", "stainless-steel"),
                ),
                P("HNGR", T("衣架(20只装)", "Hangers (20 pcs)"), (19, 59), "homeware"),
                P("BASK", T("收纳篮", "Basket"), (29, 99), "homeware", ("bamboo", "cotton")),
            ),
            (
                T("可折叠", "Foldable"),
                T("大容量", "Large"),
                T("多层", "Multi-Tier"),
                T("北欧", "Nordic"),
                T("免安装", "Tool-Free"),
            ),
            (T("加厚", "Thick"), T("带盖", "Lidded"), T("防尘", "Dust-Proof")),
            (
                T("告别杂乱，空间翻倍。", "Clear the clutter and double your space."),
                T("结实耐用，承重力强。", "Sturdy and strong enough for heavy loads."),
                T("组合自由，随心摆放。", "Combine and arrange them as you like."),
            ),
            ("kitchen", "bedding"),
        ),
    ),
)
