"""Attributes and their values, the variant schemes built from them, and the tags."""

from dataclasses import dataclass

from . import Term


@dataclass(frozen=True)
class Value:
    """An attribute value; `code` goes into SKU codes, `factor` scales the base price."""

    slug: str
    zh: str
    en: str
    code: str
    factor: float = 1.0
    rgb: tuple[int, int, int] | None = None


@dataclass(frozen=True)
class AttributeSpec:
    slug: str
    name: Term
    values: tuple[Value, ...]


@dataclass(frozen=True)
class Axis:
    """One dimension a product varies along, e.g. colour or size."""

    attribute: str
    values: tuple[str, ...]
    most: int
    # Sizes and capacities come as a consecutive run (M, L, XL); colours as a sample.
    ordered: bool = False


COLOUR = AttributeSpec(
    "colour",
    Term("颜色", "Colour"),
    (
        Value("black", "黑色", "Black", "BLK", rgb=(45, 45, 48)),
        Value("white", "白色", "White", "WHT", rgb=(248, 248, 244)),
        Value("grey", "灰色", "Grey", "GRY", rgb=(150, 152, 156)),
        Value("navy", "藏青色", "Navy", "NVY", rgb=(34, 48, 86)),
        Value("beige", "米色", "Beige", "BEI", rgb=(226, 208, 176)),
        Value("khaki", "卡其色", "Khaki", "KHA", rgb=(190, 170, 122)),
        Value("forest-green", "墨绿色", "Forest Green", "GRN", rgb=(46, 94, 66)),
        Value("sage", "浅绿色", "Sage", "SGE", rgb=(164, 192, 156)),
        Value("sky-blue", "天蓝色", "Sky Blue", "BLU", rgb=(112, 170, 222)),
        Value("pink", "粉色", "Pink", "PNK", rgb=(242, 172, 188)),
        Value("red", "红色", "Red", "RED", rgb=(204, 48, 56)),
        Value("yellow", "黄色", "Yellow", "YEL", rgb=(246, 202, 70)),
        Value("purple", "紫色", "Purple", "PUR", rgb=(132, 94, 172)),
        Value("silver", "银色", "Silver", "SLV", rgb=(196, 199, 204)),
        Value("gold", "金色", "Gold", "GLD", rgb=(214, 178, 96)),
    ),
)

SIZE = AttributeSpec(
    "size",
    Term("尺码", "Size"),
    (
        Value("nb", "新生儿", "Newborn", "NB"),
        Value("xs", "XS", "XS", "XS"),
        Value("s", "S", "S", "S"),
        Value("m", "M", "M", "M"),
        Value("l", "L", "L", "L"),
        Value("xl", "XL", "XL", "XL"),
        Value("xxl", "XXL", "XXL", "XXL"),
        *(Value(f"eu-{n}", f"{n}码", f"EU {n}", str(n)) for n in range(35, 45)),
        Value("bed-150", "1.5米床", "1.5 m bed", "150", 1.0),
        Value("bed-180", "1.8米床", "1.8 m bed", "180", 1.18),
        Value("bed-200", "2.0米床", "2.0 m bed", "200", 1.32),
    ),
)

CAPACITY = AttributeSpec(
    "capacity",
    Term("容量", "Capacity"),
    (
        Value("128gb", "128GB", "128 GB", "128G", 1.0),
        Value("256gb", "256GB", "256 GB", "256G", 1.15),
        Value("512gb", "512GB", "512 GB", "512G", 1.4),
        Value("1tb", "1TB", "1 TB", "1T", 1.75),
        Value("30ml", "30毫升", "30 ml", "30ML", 1.0),
        Value("50ml", "50毫升", "50 ml", "50ML", 1.5),
        Value("100ml", "100毫升", "100 ml", "100ML", 2.6),
        Value("200ml", "200毫升", "200 ml", "200ML", 4.4),
        Value("350ml", "350毫升", "350 ml", "350ML", 1.0),
        Value("500ml", "500毫升", "500 ml", "500ML", 1.25),
        Value("1l", "1升", "1 l", "1L", 1.8),
    ),
)

WEIGHT = AttributeSpec(
    "weight",
    Term("净含量", "Net weight"),
    (
        Value("100g", "100克", "100 g", "100G", 1.0),
        Value("250g", "250克", "250 g", "250G", 2.2),
        Value("500g", "500克", "500 g", "500G", 4.0),
        Value("1kg", "1千克", "1 kg", "1KG", 7.5),
        Value("2-5kg", "2.5千克", "2.5 kg", "2K5", 1.0),
        Value("5kg", "5千克", "5 kg", "5KG", 1.85),
    ),
)

FLAVOUR = AttributeSpec(
    "flavour",
    Term("口味", "Flavour"),
    (
        Value("original", "原味", "Original", "ORIG"),
        Value("spicy", "香辣", "Spicy", "SPCY"),
        Value("honey", "蜂蜜", "Honey", "HONY"),
        Value("matcha", "抹茶", "Matcha", "MTCH"),
        Value("seaweed", "海苔", "Seaweed", "SEAW"),
        Value("sea-salt", "海盐", "Sea Salt", "SALT"),
        Value("chocolate", "巧克力", "Chocolate", "CHOC"),
        Value("strawberry", "草莓", "Strawberry", "STRW"),
        Value("lemon", "柠檬", "Lemon", "LEMN"),
        Value("white-peach", "白桃", "White Peach", "PECH"),
        Value("coconut", "椰子", "Coconut", "COCO"),
        Value("jasmine", "茉莉", "Jasmine", "JASM"),
        Value("osmanthus", "桂花", "Osmanthus", "OSMA"),
    ),
)

MATERIAL = AttributeSpec(
    "material",
    Term("材质", "Material"),
    (
        Value("cotton", "纯棉", "Cotton", "COT"),
        Value("linen", "亚麻", "Linen", "LIN"),
        Value("wool", "羊毛", "Wool", "WOL"),
        Value("cashmere", "羊绒", "Cashmere", "CSH"),
        Value("modal", "莫代尔", "Modal", "MOD"),
        Value("silk", "真丝", "Silk", "SLK"),
        Value("polyester", "速干", "Quick-Dry", "PLY"),
        Value("denim", "牛仔", "Denim", "DNM"),
        Value("down", "白鹅绒", "Goose Down", "DWN"),
        Value("leather", "真皮", "Leather", "LTH"),
        Value("canvas", "帆布", "Canvas", "CNV"),
        Value("mesh", "网面", "Mesh", "MSH"),
        Value("stainless-steel", "不锈钢", "Stainless Steel", "SST"),
        Value("cast-iron", "铸铁", "Cast Iron", "CIR"),
        Value("ceramic", "陶瓷", "Ceramic", "CER"),
        Value("glass", "玻璃", "Glass", "GLS"),
        Value("bamboo", "竹制", "Bamboo", "BMB"),
        Value("silicone", "硅胶", "Silicone", "SIL"),
        Value("aluminium", "铝合金", "Aluminium", "ALU"),
    ),
)

ATTRIBUTES = (COLOUR, SIZE, CAPACITY, WEIGHT, FLAVOUR, MATERIAL)
VALUES = {(spec.slug, value.slug): value for spec in ATTRIBUTES for value in spec.values}

_WEARABLE_COLOURS = (
    "black",
    "white",
    "grey",
    "navy",
    "beige",
    "khaki",
    "forest-green",
    "sky-blue",
    "pink",
    "red",
)
_GADGET_COLOURS = ("black", "white", "silver", "sky-blue", "forest-green", "pink", "gold", "purple")
_HOME_COLOURS = ("white", "grey", "beige", "sage", "sky-blue", "pink", "yellow", "navy")
_SHADES = ("red", "pink", "beige", "purple", "khaki")
_CLOTHES_SIZES = ("xs", "s", "m", "l", "xl", "xxl")
_SHOE_SIZES = tuple(f"eu-{n}" for n in range(35, 45))

# How a product type varies: at most six SKUs, so the product of the `most`s stays small.
SCHEMES: dict[str, tuple[Axis, ...]] = {
    "single": (),
    "apparel": (Axis("colour", _WEARABLE_COLOURS, 3), Axis("size", _CLOTHES_SIZES, 3, True)),
    "shoes": (Axis("colour", _WEARABLE_COLOURS, 2), Axis("size", _SHOE_SIZES, 3, True)),
    "gadget": (Axis("colour", _GADGET_COLOURS, 4),),
    "homeware": (Axis("colour", _HOME_COLOURS, 4),),
    "shade": (Axis("colour", _SHADES, 5),),
    "phone": (
        Axis("colour", _GADGET_COLOURS, 2),
        Axis("capacity", ("128gb", "256gb", "512gb", "1tb"), 3, True),
    ),
    "skincare": (Axis("capacity", ("30ml", "50ml", "100ml", "200ml"), 2, True),),
    "drink": (Axis("capacity", ("350ml", "500ml", "1l"), 2, True),),
    "flavour": (
        Axis(
            "flavour",
            ("original", "spicy", "honey", "seaweed", "sea-salt", "matcha", "chocolate"),
            4,
        ),
    ),
    "fruity": (Axis("flavour", ("original", "lemon", "white-peach", "strawberry", "coconut"), 4),),
    "tea": (Axis("weight", ("100g", "250g", "500g"), 2, True),),
    "scented-tea": (
        Axis("flavour", ("original", "jasmine", "osmanthus"), 3),
        Axis("weight", ("100g", "250g"), 2, True),
    ),
    "grocery": (Axis("weight", ("250g", "500g", "1kg"), 2, True),),
    "staple": (Axis("weight", ("2-5kg", "5kg"), 2, True),),
    "bedding": (
        Axis("size", ("bed-150", "bed-180", "bed-200"), 3, True),
        Axis("colour", _HOME_COLOURS, 2),
    ),
    "diaper": (Axis("size", ("nb", "s", "m", "l", "xl", "xxl"), 5, True),),
}


@dataclass(frozen=True)
class TagSpec:
    slug: str
    name: Term


TAGS = (
    TagSpec("summer", Term("夏季", "Summer")),
    TagSpec("winter", Term("冬季", "Winter")),
    TagSpec("new", Term("新品", "New")),
    TagSpec("bestseller", Term("热销", "Bestseller")),
    TagSpec("clearance", Term("清仓", "Clearance")),
    TagSpec("gift", Term("送礼", "Gift")),
    TagSpec("organic", Term("有机", "Organic")),
    TagSpec("imported", Term("进口", "Imported")),
    TagSpec("limited", Term("限量", "Limited edition")),
    TagSpec("eco", Term("环保", "Eco-friendly")),
)
