from django.db import migrations

BUILT_IN = [
    ("vip", "VIP 会员", "VIP members", "会员价与会员专享活动。", "Member prices and members-only offers."),
    ("new_customer", "新客", "New customers", "新注册的顾客。", "Customers who signed up recently."),
    ("staff", "员工", "Staff", "店铺员工。", "The shop's own staff."),
]


def create_segments(apps, schema_editor):
    CustomerSegment = apps.get_model("promotions", "CustomerSegment")
    for slug, name_zh, name_en, description_zh, description_en in BUILT_IN:
        CustomerSegment.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name_zh,
                "name_zh_hans": name_zh,
                "name_en": name_en,
                "description": description_zh,
                "description_zh_hans": description_zh,
                "description_en": description_en,
            },
        )


def delete_segments(apps, schema_editor):
    CustomerSegment = apps.get_model("promotions", "CustomerSegment")
    CustomerSegment.objects.filter(slug__in=[row[0] for row in BUILT_IN], members=None).delete()


class Migration(migrations.Migration):
    dependencies = [("promotions", "0001_initial")]

    operations = [migrations.RunPython(create_segments, delete_segments)]
