"""Baby: the category, its leaves and their vocabularies."""

from .. import Term
from .spec import Leaf, ProductType, Root

T = Term
P = ProductType

BABY = Root(
    "baby",
    T("母婴", "Baby"),
    T("宝宝的日常所需，安心之选。", "Everyday essentials for babies, chosen with care."),
    ((255, 246, 214), (238, 196, 104)),
    (
        Leaf(
            "diapers",
            T("纸尿裤", "Diapers"),
            2,
            2.0,
            (
                P("DIAP", T("纸尿裤", "Diapers"), (79, 199), "diaper"),
                P("PANT", T("拉拉裤", "Pull-Up Pants"), (89, 219), "diaper"),
                P("WIPE", T("婴儿湿巾(10包)", "Baby Wipes (10 packs)"), (29, 79)),
            ),
            (
                T("超薄", "Ultra-Thin"),
                T("透气", "Breathable"),
                T("夜用", "Overnight"),
                T("柔软", "Soft"),
                T("干爽", "Dry"),
            ),
            (
                T("云柔", "Cloud-Soft"),
                T("敏感肌", "Sensitive-Skin"),
                T("大吸量", "Extra-Absorbent"),
            ),
            (
                T("瞬吸干爽，整夜安睡。", "Absorbs fast so baby sleeps through the night."),
                T("柔软亲肤，呵护宝宝娇嫩肌肤。", "Soft and gentle on delicate skin."),
                T("弹力腰围，不勒不漏。", "A stretchy waist that neither pinches nor leaks."),
            ),
            ("baby-feeding", "childrens-books"),
        ),
        Leaf(
            "baby-feeding",
            T("喂养", "Feeding"),
            3,
            1.2,
            (
                P("BOTL", T("奶瓶", "Baby Bottle"), (59, 199), "homeware", ("glass", "silicone")),
                P("SPPY", T("学饮杯", "Sippy Cup"), (39, 129), "homeware", ("silicone",)),
                P(
                    "BBWL",
                    T("辅食碗套装", "Baby Bowl Set"),
                    (39, 129),
                    "homeware",
                    ("silicone", "bamboo"),
                ),
                P("STER", T("奶瓶消毒器", "Bottle Sterilizer"), (199, 599)),
            ),
            (
                T("防胀气", "Anti-Colic"),
                T("宽口径", "Wide-Neck"),
                T("便携", "Portable"),
                T("防摔", "Drop-Proof"),
                T("恒温", "Warm-Keeping"),
            ),
            (T("婴儿", "Baby"), T("吸盘", "Suction"), T("多功能", "Multi-Function")),
            (
                T("食品级材质，宝宝用得安心。", "Food-grade materials for peace of mind."),
                T("易清洗，可高温消毒。", "Easy to clean and safe to sterilise."),
                T("握感舒适，宝宝也能自己拿。", "Easy for little hands to hold."),
            ),
            ("diapers", "childrens-books", "kitchen"),
            gift=0.2,
        ),
    ),
)
