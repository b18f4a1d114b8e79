import pytest
from django.core.exceptions import ValidationError

from inventory.models import (
    MovementReason,
    PurchaseOrder,
    PurchaseOrderLine,
    PurchaseOrderStatus,
    Stock,
    StockMovement,
)
from inventory.services import (
    purchase_order_cancel,
    purchase_order_draft_replace,
    purchase_order_receive,
    purchase_order_send,
)
from tests.factories import SKUFactory

from .factories import SupplierFactory, stocked

pytestmark = pytest.mark.django_db
Status = PurchaseOrderStatus


@pytest.fixture
def sent():
    a, b = stocked(3, code="A").sku, SKUFactory(code="B")
    order = purchase_order_draft_replace(supplier=SupplierFactory(), lines=[(a.pk, 10), (b.pk, 4)])
    return purchase_order_send(order_id=order.pk)


def lines(order: PurchaseOrder) -> dict[str, PurchaseOrderLine]:
    return {line.sku.code: line for line in order.lines.select_related("sku")}


def test_receiving_part_then_the_rest_adds_stock_through_the_ledger(sent):
    by_code = lines(sent)

    order = purchase_order_receive(order_id=sent.pk, quantities={by_code["A"].pk: 6})
    assert (order.status, order.closed_at) == (Status.PARTLY_RECEIVED, None)
    assert Stock.objects.get(sku__code="A").on_hand == 9

    order = purchase_order_receive(
        order_id=sent.pk, quantities={by_code["A"].pk: 4, by_code["B"].pk: 4}
    )
    assert order.status == Status.RECEIVED
    assert order.closed_at is not None
    assert dict(Stock.objects.values_list("sku__code", "on_hand")) == {"A": 13, "B": 4}
    receipts = StockMovement.objects.filter(reason=MovementReason.RECEIPT, reference=str(order))
    assert sorted(receipts.values_list("sku__code", "quantity")) == [("A", 4), ("A", 6), ("B", 4)]


@pytest.mark.parametrize(
    ("quantities", "code"),
    [({"A": 11}, "over_receipt"), ({"A": -1}, "negative"), ({"A": 0}, "nothing"), ({}, "nothing")],
)
def test_bad_receipts_are_refused_and_write_nothing(sent, quantities, code):
    by_code = lines(sent)

    with pytest.raises(ValidationError) as raised:
        purchase_order_receive(
            order_id=sent.pk, quantities={by_code[k].pk: v for k, v in quantities.items()}
        )

    assert raised.value.code == code
    assert Stock.objects.get(sku__code="A").on_hand == 3
    assert not Stock.objects.filter(sku__code="B").exists()
    assert PurchaseOrder.objects.get(pk=sent.pk).status == Status.SENT


def test_a_line_of_another_order_is_refused(sent):
    with pytest.raises(ValidationError) as raised:
        purchase_order_receive(order_id=sent.pk, quantities={999_999: 1})
    assert raised.value.code == "unknown_line"


def test_a_draft_cannot_be_received():
    sku = SKUFactory()
    draft = purchase_order_draft_replace(supplier=SupplierFactory(), lines=[(sku.pk, 2)])

    with pytest.raises(ValidationError) as raised:
        purchase_order_receive(order_id=draft.pk, quantities={draft.lines.get().pk: 2})

    assert raised.value.code == "illegal_transition"
    assert not StockMovement.objects.exists()


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        (["send"], True),
        (["cancel"], True),
        (["send", "cancel"], True),
        (["send", "send"], False),
        (["cancel", "send"], False),
        (["cancel", "cancel"], False),
    ],
)
def test_transitions(path, allowed):
    sku = SKUFactory()
    order = purchase_order_draft_replace(supplier=SupplierFactory(), lines=[(sku.pk, 2)])
    services = {"send": purchase_order_send, "cancel": purchase_order_cancel}
    for step in path[:-1]:
        services[step](order_id=order.pk)
    if allowed:
        services[path[-1]](order_id=order.pk)
    else:
        before = PurchaseOrder.objects.get(pk=order.pk).status
        with pytest.raises(ValidationError):
            services[path[-1]](order_id=order.pk)
        assert PurchaseOrder.objects.get(pk=order.pk).status == before


def test_a_received_order_cannot_be_cancelled(sent):
    purchase_order_receive(
        order_id=sent.pk, quantities={line.pk: line.quantity for line in sent.lines.all()}
    )

    with pytest.raises(ValidationError):
        purchase_order_cancel(order_id=sent.pk)


def test_an_empty_draft_cannot_be_sent():
    order = PurchaseOrder.objects.create(supplier=SupplierFactory())

    with pytest.raises(ValidationError) as raised:
        purchase_order_send(order_id=order.pk)

    assert raised.value.code == "empty"
    assert PurchaseOrder.objects.get(pk=order.pk).status == Status.DRAFT


def test_replacing_a_draft_reuses_it_and_an_empty_plan_removes_it():
    supplier, a, b = SupplierFactory(), SKUFactory(), SKUFactory()

    first = purchase_order_draft_replace(supplier=supplier, lines=[(a.pk, 2)])
    second = purchase_order_draft_replace(supplier=supplier, lines=[(a.pk, 3), (b.pk, 1)])

    assert first.pk == second.pk
    assert sorted(second.lines.values_list("sku_id", "quantity")) == [(a.pk, 3), (b.pk, 1)]
    assert purchase_order_draft_replace(supplier=supplier, lines=[]) is None
    assert not PurchaseOrder.objects.exists()
