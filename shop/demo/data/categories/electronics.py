"""Electronics: the category, its leaves and their vocabularies."""

from .. import Term
from .spec import Leaf, ProductType, Root

T = Term
P = ProductType

ELECTRONICS = Root(
    "electronics",
    T("数码", "Electronics"),
    T(
        "手机、耳机和每天都用得上的配件。",
        "Phones, headphones and the accessories you use every day.",
    ),
    ((212, 226, 246), (72, 112, 182)),
    (
        Leaf(
            "phones",
            T("手机", "Phones"),
            2,
            0.5,
            (
                P(
                    "PHN",
                    T("智能手机", "Smartphone"),
                    (1299, 6999),
                    "phone",
                    ("aluminium", "glass"),
                ),
                P("SNR", T("老人手机", "Senior Phone"), (199, 499), "gadget"),
            ),
            (
                T("旗舰", "Flagship"),
                T("轻薄", "Slim"),
                T("影像", "Camera"),
                T("长续航", "Long-Battery"),
                T("游戏", "Gaming"),
                T("折叠屏", "Foldable"),
            ),
            (T("5G", "5G"), T("全面屏", "Full-Screen"), T("双卡", "Dual-SIM")),
            (
                T("高刷屏幕，滑动流畅。", "A high-refresh screen that scrolls smoothly."),
                T(
                    "大电池配快充，一天一充。",
                    "A big battery with fast charging: one charge a day.",
                ),
                T("夜景拍摄清晰明亮。", "Clear, bright photos even at night."),
                T("支持全国联保。", "Backed by a nationwide warranty."),
            ),
            ("phone-accessories", "headphones", "wearables"),
        ),
        Leaf(
            "headphones",
            T("耳机", "Headphones"),
            3,
            0.9,
            (
                P("TWS", T("真无线耳机", "True Wireless Earbuds"), (99, 1299), "gadget"),
                P("HDPH", T("头戴式耳机", "Over-Ear Headphones"), (199, 1999), "gadget"),
                P("NECK", T("颈挂耳机", "Neckband Earphones"), (69, 299), "gadget"),
            ),
            (
                T("降噪", "Noise-Cancelling"),
                T("运动", "Sport"),
                T("开放式", "Open-Ear"),
                T("半入耳", "Semi-In-Ear"),
                T("低延迟", "Low-Latency"),
                T("长续航", "Long-Battery"),
            ),
            (T("蓝牙", "Bluetooth"), T("无线", "Wireless"), T("Hi-Fi", "Hi-Fi")),
            (
                T("通透人声，低音饱满。", "Clear vocals and a full bass."),
                T("佩戴轻盈，久戴不累。", "Light enough to wear all day."),
                T("一键配对，连接稳定。", "One-tap pairing and a steady connection."),
            ),
            ("phones", "phone-accessories"),
        ),
        Leaf(
            "phone-accessories",
            T("数码配件", "Accessories"),
            4,
            1.2,
            (
                P("CHRG", T("充电器", "Charger"), (39, 199), "gadget"),
                P("PWRB", T("充电宝", "Power Bank"), (79, 299), "gadget"),
                P("CASE", T("手机壳", "Phone Case"), (19, 99), "gadget", ("silicone", "leather")),
                P("CABL", T("数据线", "Charging Cable"), (19, 69), "gadget"),
                P("STND", T("手机支架", "Phone Stand"), (19, 89), "gadget", ("aluminium",)),
            ),
            (
                T("快充", "Fast-Charge"),
                T("磁吸", "Magnetic"),
                T("便携", "Portable"),
                T("超薄", "Ultra-Thin"),
                T("防摔", "Drop-Proof"),
            ),
            (T("多功能", "Multi-Function"), T("迷你", "Mini"), T("双口", "Dual-Port")),
            (
                T("兼容主流机型。", "Works with the popular phone models."),
                T("小巧便携，出门随手带。", "Small enough to take anywhere."),
                T("多重安全防护。", "Several layers of safety protection."),
            ),
            ("phones", "headphones"),
        ),
        Leaf(
            "wearables",
            T("智能穿戴", "Wearables"),
            2,
            0.6,
            (
                P("WTCH", T("手表", "Watch"), (299, 2499), "gadget", ("aluminium", "silicone")),
                P("BAND", T("手环", "Band"), (129, 399), "gadget", ("silicone",)),
            ),
            (
                T("运动", "Sport"),
                T("轻薄", "Slim"),
                T("商务", "Business"),
                T("儿童", "Kids'"),
                T("长续航", "Long-Battery"),
            ),
            (T("智能", "Smart"), T("心率监测", "Heart-Rate"), T("GPS", "GPS")),
            (
                T("全天候健康监测。", "Round-the-clock health tracking."),
                T("五十米防水，游泳可戴。", "Water-resistant to 50 m, fine for swimming."),
                T("消息提醒，不错过来电。", "Notifications so you never miss a call."),
            ),
            ("phones", "fitness"),
            gift=0.3,
        ),
    ),
)
