"""Invented brands, each selling in one or two top-level categories."""

from dataclasses import dataclass

from . import Term


@dataclass(frozen=True)
class BrandSpec:
    slug: str
    name: Term
    roots: tuple[str, ...]
    founded: int
    focus: Term


B = BrandSpec
T = Term

BRANDS = (
    B(
        "cotton-talk",
        T("棉语", "Cotton Talk"),
        ("apparel",),
        2012,
        T("舒适的基础款", "comfortable basics"),
    ),
    B(
        "latitude-30",
        T("北纬30°", "Latitude 30"),
        ("apparel", "sports"),
        2016,
        T("城市户外服饰", "city-to-trail clothing"),
    ),
    B(
        "sober-white",
        T("素白", "Sober White"),
        ("apparel",),
        2009,
        T("极简通勤服装", "minimal workwear"),
    ),
    B(
        "wildpath",
        T("行野", "Wildpath"),
        ("apparel", "sports"),
        2014,
        T("户外鞋服", "outdoor footwear and clothing"),
    ),
    B(
        "hibiscus-lane",
        T("木槿", "Hibiscus Lane"),
        ("apparel",),
        2018,
        T("女装设计", "women's fashion"),
    ),
    B(
        "north-loom",
        T("北织", "North Loom"),
        ("apparel",),
        2005,
        T("羊毛与羊绒针织", "wool and cashmere knits"),
    ),
    B("starrush", T("星驰", "StarRush"), ("electronics",), 2011, T("智能手机", "smartphones")),
    B(
        "sound-valley",
        T("声谷", "Sound Valley"),
        ("electronics",),
        2013,
        T("音频设备", "audio gear"),
    ),
    B(
        "aurora-tech",
        T("极光科技", "Aurora Tech"),
        ("electronics",),
        2015,
        T("智能穿戴", "wearables"),
    ),
    B(
        "obsidian",
        T("曜石", "Obsidian"),
        ("electronics",),
        2017,
        T("手机配件", "phone accessories"),
    ),
    B(
        "zerodegree",
        T("零度", "ZeroDegree"),
        ("electronics",),
        2019,
        T("快充与移动电源", "fast chargers and power banks"),
    ),
    B(
        "coremotion",
        T("芯动", "CoreMotion"),
        ("electronics", "sports"),
        2020,
        T("运动科技", "sports tech"),
    ),
    B(
        "camellia-store",
        T("山茶小铺", "Camellia Store"),
        ("food",),
        2016,
        T("手工零食", "handmade snacks"),
    ),
    B(
        "three-pinecones",
        T("三只松果", "Three Pinecones"),
        ("food",),
        2012,
        T("坚果炒货", "nuts and roasted snacks"),
    ),
    B(
        "yunling-tea",
        T("云岭茶园", "Yunling Tea Garden"),
        ("food",),
        1998,
        T("云南好茶", "teas from Yunnan"),
    ),
    B(
        "wheatfield-diary",
        T("麦田日记", "Wheatfield Diary"),
        ("food",),
        2015,
        T("烘焙与粮油", "bakes and pantry staples"),
    ),
    B(
        "taste-of-jiangnan",
        T("江南味道", "Taste of Jiangnan"),
        ("food",),
        2003,
        T("江南传统风味", "traditional Jiangnan flavours"),
    ),
    B(
        "morning-bean",
        T("晨豆", "Morning Bean"),
        ("food",),
        2018,
        T("精品咖啡", "specialty coffee"),
    ),
    B("nestwood", T("栖木", "Nestwood"), ("home",), 2014, T("实木家居", "wooden homeware")),
    B(
        "simple-house",
        T("简屋", "Simple House"),
        ("home",),
        2010,
        T("收纳与整理", "storage and organisation"),
    ),
    B("cozy-nest", T("暖居", "Cozy Nest"), ("home",), 2008, T("床品家纺", "bedding and textiles")),
    B("time-keeper", T("拾光", "Time Keeper"), ("home",), 2017, T("生活杂货", "everyday homeware")),
    B(
        "celadon-works",
        T("青瓷坊", "Celadon Works"),
        ("home",),
        1995,
        T("陶瓷餐具", "ceramic tableware"),
    ),
    B("iron-chef", T("铁匠铺", "Iron Chef"), ("home",), 2001, T("锅具刀具", "pans and knives")),
    B(
        "between-flowers",
        T("花间集", "Between Flowers"),
        ("beauty",),
        2013,
        T("植物护肤", "botanical skincare"),
    ),
    B("aqua-lab", T("水研", "Aqua Lab"), ("beauty",), 2016, T("功效护肤", "active skincare")),
    B("first-snow", T("初雪", "First Snow"), ("beauty",), 2019, T("彩妆", "make-up")),
    B(
        "magnolia",
        T("玉兰", "Magnolia"),
        ("beauty",),
        2007,
        T("东方草本护肤", "Chinese herbal skincare"),
    ),
    B(
        "bare-face",
        T("素颜", "Bare Face"),
        ("beauty",),
        2021,
        T("敏感肌护理", "care for sensitive skin"),
    ),
    B("gale", T("疾风", "Gale"), ("sports",), 2012, T("跑步与训练", "running and training")),
    B(
        "mountain-walker",
        T("山行者", "Mountain Walker"),
        ("sports",),
        2006,
        T("登山露营装备", "hiking and camping gear"),
    ),
    B("leap", T("跃动", "Leap"), ("sports",), 2018, T("居家健身", "home fitness")),
    B(
        "blue-whale",
        T("蓝鲸", "Blue Whale"),
        ("sports",),
        2015,
        T("瑜伽与普拉提", "yoga and pilates"),
    ),
    B(
        "qingchuan-press",
        T("青川出版社", "Qingchuan Press"),
        ("books",),
        1985,
        T("当代文学", "contemporary fiction"),
    ),
    B(
        "long-river",
        T("长河文艺", "Long River Literary"),
        ("books",),
        1992,
        T("经典与译作", "classics and translations"),
    ),
    B(
        "little-oak",
        T("小橡树童书", "Little Oak Books"),
        ("books",),
        2010,
        T("儿童绘本", "picture books"),
    ),
    B(
        "morning-light",
        T("晨光书局", "Morning Light Books"),
        ("books",),
        2001,
        T("大众读物", "popular reading"),
    ),
    B("baby-bear", T("贝贝熊", "Baby Bear"), ("baby",), 2011, T("婴儿护理", "baby care")),
    B("little-cloud", T("小云朵", "Little Cloud"), ("baby",), 2016, T("纸尿裤", "diapers")),
    B("star-baby", T("星宝", "Star Baby"), ("baby",), 2014, T("喂养用品", "feeding essentials")),
)
