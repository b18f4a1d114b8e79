"""Food: the category, its leaves and their vocabularies."""

from .. import Term
from .spec import Leaf, ProductType, Root

T = Term
P = ProductType

FOOD = Root(
    "food",
    T("食品", "Food"),
    T("零食、好茶和厨房里的好食材。", "Snacks, good tea and honest pantry staples."),
    ((255, 238, 206), (236, 162, 84)),
    (
        Leaf(
            "snacks",
            T("零食", "Snacks"),
            6,
            2.2,
            (
                P("NUTS", T("每日坚果", "Mixed Nuts"), (29, 129), "grocery"),
                P("CHIP", T("薯片", "Potato Chips"), (9.9, 39), "flavour"),
                P("COOK", T("曲奇饼干", "Cookies"), (19, 79), "flavour"),
                P("JERK", T("牛肉干", "Beef Jerky"), (39, 129), "flavour"),
                P("DRFR", T("果干", "Dried Fruit"), (19, 69), "fruity"),
                P("SEAW", T("海苔脆", "Seaweed Crisps"), (15, 49), "flavour"),
            ),
            (
                T("家庭装", "Family-Pack"),
                T("手工", "Handmade"),
                T("低糖", "Low-Sugar"),
                T("网红", "Trending"),
                T("独立包装", "Individually Wrapped"),
                T("办公室", "Office"),
            ),
            (
                T("烘焙", "Baked"),
                T("香脆", "Crispy"),
                T("非油炸", "Non-Fried"),
                T("原切", "Hand-Cut"),
            ),
            (
                T("新鲜烘焙，香脆可口。", "Freshly baked, crisp and tasty."),
                T("小包装，随吃随取。", "Small packs, easy to grab."),
                T("不添加人工色素。", "No artificial colours."),
                T("追剧加班好搭档。", "Perfect for late shifts and box sets."),
            ),
            ("tea-drinks", "pantry"),
        ),
        Leaf(
            "tea-drinks",
            T("茶饮", "Tea & Drinks"),
            5,
            1.6,
            (
                P("GRNT", T("绿茶", "Green Tea"), (49, 399), "tea", season="summer"),
                P("BLKT", T("红茶", "Black Tea"), (59, 399), "tea", season="winter"),
                P("OOLG", T("乌龙茶", "Oolong Tea"), (69, 499), "scented-tea"),
                P("COFB", T("咖啡豆", "Coffee Beans"), (59, 199), "grocery"),
                P(
                    "SPKW",
                    T("气泡水(12瓶)", "Sparkling Water (12 bottles)"),
                    (39, 79),
                    "fruity",
                    season="summer",
                ),
                P("JUIC", T("果汁", "Juice"), (9.9, 39), "drink", season="summer"),
            ),
            (
                T("特级", "Premium"),
                T("精选", "Select"),
                T("冷泡", "Cold-Brew"),
                T("经典", "Classic"),
                T("原产地", "Single-Origin"),
            ),
            (T("有机", "Organic"), T("高山", "Highland"), T("手作", "Handcrafted")),
            (
                T("香气清雅，回甘持久。", "A delicate aroma and a long, sweet finish."),
                T("产地直发，新鲜看得见。", "Shipped straight from the source."),
                T("冷热皆宜。", "Good hot or cold."),
                T("送礼自饮两相宜。", "For yourself or as a gift."),
            ),
            ("snacks", "kitchen"),
            gift=0.35,
        ),
        Leaf(
            "pantry",
            T("粮油调味", "Pantry"),
            3,
            1.5,
            (
                P("RICE", T("大米", "Rice"), (39, 129), "staple"),
                P("SOYS", T("酱油", "Soy Sauce"), (12, 49), "drink"),
                P("NODL", T("挂面", "Noodles"), (9.9, 39), "grocery"),
                P("HONY", T("蜂蜜", "Honey"), (39, 159), "grocery"),
                P("OIL", T("花生油", "Peanut Oil"), (59, 159)),
            ),
            (
                T("精选", "Select"),
                T("家常", "Home-Style"),
                T("传统", "Traditional"),
                T("东北", "Northeastern"),
            ),
            (T("有机", "Organic"), T("非转基因", "Non-GMO"), T("零添加", "No-Additive")),
            (
                T("一日三餐的好帮手。", "A staple for every meal."),
                T("严选产地，品质稳定。", "Carefully sourced, reliably good."),
                T("家庭装更实惠。", "Better value in the family size."),
            ),
            ("kitchen", "snacks"),
        ),
    ),
)
