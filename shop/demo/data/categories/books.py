"""Books: the category, its leaves and their vocabularies."""

from .. import Term
from .spec import Leaf, ProductType, Root

T = Term
P = ProductType

BOOKS = Root(
    "books",
    T("图书", "Books"),
    T("小说与童书，陪你度过好时光。", "Novels and children's books for good hours."),
    ((232, 226, 246), (108, 94, 162)),
    (
        Leaf(
            "fiction",
            T("文学", "Fiction"),
            4,
            0.9,
            (
                P("NOVL", T("平装", "Paperback"), (29, 69)),
                P("HCVR", T("精装", "Hardcover"), (59, 129)),
                P("BSET", T("套装", "Box Set"), (99, 299)),
            ),
            (
                T("寂静的", "Silent"),
                T("遥远的", "Distant"),
                T("最后的", "Last"),
                T("漫长的", "Long"),
                T("燃烧的", "Burning"),
                T("消失的", "Vanishing"),
                T("夏日", "Summer"),
                T("北方的", "Northern"),
                T("午夜", "Midnight"),
                T("无尽的", "Endless"),
            ),
            (
                T("河流", "River"),
                T("灯塔", "Lighthouse"),
                T("花园", "Garden"),
                T("群山", "Mountains"),
                T("海岸", "Coast"),
                T("车站", "Station"),
                T("来信", "Letters"),
                T("岛屿", "Island"),
                T("雪原", "Snowfield"),
                T("钟声", "Bells"),
            ),
            (
                T("一部关于成长与告别的长篇小说。", "A novel about growing up and letting go."),
                T("豆瓣高分作品，全新译本。", "A much-loved book in a fresh translation."),
                T("读完久久不能平静。", "A story that stays with you."),
                T("装帧精美，适合收藏。", "Beautifully bound, one to keep."),
            ),
            ("fiction", "childrens-books"),
            naming="novel",
            gift=0.3,
        ),
        Leaf(
            "childrens-books",
            T("童书", "Children's Books"),
            3,
            1.0,
            (
                P("PICT", T("绘本", "Picture Book"), (29, 59)),
                P("BRDB", T("纸板书", "Board Book"), (25, 49)),
                P("PSET", T("绘本套装", "Picture Book Set"), (99, 299)),
            ),
            (
                T("小熊", "Little Bear"),
                T("小兔", "Little Rabbit"),
                T("小狐狸", "Little Fox"),
                T("企鹅", "Penguin"),
                T("小象", "Little Elephant"),
                T("小猫", "Kitten"),
                T("恐龙", "Dinosaur"),
                T("小鲸鱼", "Little Whale"),
            ),
            (
                T("夏天", "Summer"),
                T("生日", "Birthday"),
                T("大冒险", "Big Adventure"),
                T("月亮", "Moon"),
                T("新朋友", "New Friend"),
                T("雨伞", "Umbrella"),
                T("梦", "Dream"),
                T("第一次旅行", "First Trip"),
            ),
            (
                T("温暖的故事，陪伴孩子入睡。", "A warm story for bedtime."),
                T("适合3-6岁亲子共读。", "For reading together with children aged 3 to 6."),
                T("圆角设计，小手翻阅更安全。", "Rounded corners, safe for small hands."),
            ),
            ("baby-feeding", "diapers", "fiction"),
            naming="picture",
            gift=0.35,
        ),
    ),
)
