"""Beauty: the category, its leaves and their vocabularies."""

from .. import Term
from .spec import Leaf, ProductType, Root

T = Term
P = ProductType

BEAUTY = Root(
    "beauty",
    T("美妆", "Beauty"),
    T("护肤与彩妆，温和有效。", "Skincare and make-up that are gentle and work."),
    ((252, 228, 236), (214, 128, 160)),
    (
        Leaf(
            "skincare",
            T("护肤", "Skincare"),
            5,
            1.3,
            (
                P("SERM", T("精华液", "Serum"), (129, 699), "skincare"),
                P("CREM", T("面霜", "Face Cream"), (99, 599), "skincare"),
                P("TONR", T("爽肤水", "Toner"), (69, 299), "skincare"),
                P("MASK", T("面膜(10片)", "Sheet Masks (10 pcs)"), (49, 159)),
                P("CLNS", T("洁面乳", "Cleanser"), (39, 149), "skincare"),
                P("SUNS", T("防晒霜", "Sunscreen"), (69, 229), "skincare", season="summer"),
            ),
            (
                T("补水", "Hydrating"),
                T("修护", "Repairing"),
                T("焕亮", "Brightening"),
                T("抗初老", "Anti-Ageing"),
                T("温和", "Gentle"),
                T("控油", "Oil-Control"),
            ),
            (
                T("玻尿酸", "Hyaluronic"),
                T("烟酰胺", "Niacinamide"),
                T("积雪草", "Centella"),
                T("神经酰胺", "Ceramide"),
                T("维C", "Vitamin C"),
            ),
            (
                T("质地清爽，吸收迅速。", "A light texture that sinks in fast."),
                T("敏感肌也可放心使用。", "Gentle enough for sensitive skin."),
                T("坚持使用，肌肤水润透亮。", "Use it daily for dewy, radiant skin."),
                T("经过皮肤科测试。", "Dermatologist tested."),
            ),
            ("makeup",),
            gift=0.3,
        ),
        Leaf(
            "makeup",
            T("彩妆", "Makeup"),
            3,
            0.9,
            (
                P("LIPS", T("口红", "Lipstick"), (89, 329), "shade"),
                P("FNDT", T("粉底液", "Foundation"), (129, 459), "shade"),
                P("MASC", T("睫毛膏", "Mascara"), (59, 199)),
                P("PALT", T("眼影盘", "Eyeshadow Palette"), (99, 399)),
                P("BRSH", T("化妆刷套装", "Brush Set"), (59, 259)),
            ),
            (
                T("持久", "Long-Wear"),
                T("哑光", "Matte"),
                T("水润", "Dewy"),
                T("轻薄", "Lightweight"),
                T("自然", "Natural"),
            ),
            (T("丝绒", "Velvet"), T("柔焦", "Soft-Focus"), T("防水", "Waterproof")),
            (
                T("显色饱满，一抹上色。", "Rich colour in a single swipe."),
                T("不易脱妆，全天精致。", "Stays put from morning to night."),
                T("精致外观，送礼有面子。", "Beautifully packaged, a lovely gift."),
            ),
            ("skincare",),
            gift=0.35,
        ),
    ),
)
