from django.urls import path

from .views import accounts, cart, catalog, orders, recommendations, reviews, wishlist

app_name = "v1"
urlpatterns = [
    path("auth/token/", accounts.TokenView.as_view(), name="token"),
    path("auth/token/revoke/", accounts.TokenRevokeView.as_view(), name="token-revoke"),
    path("categories/", catalog.CategoryListView.as_view(), name="categories"),
    path("products/", catalog.ProductListView.as_view(), name="products"),
    path("products/<slug:slug>/", catalog.ProductDetailView.as_view(), name="product"),
    path(
        "products/<slug:slug>/reviews/",
        reviews.ProductReviewListView.as_view(),
        name="product-reviews",
    ),
    path(
        "products/<slug:slug>/also-bought/",
        recommendations.AlsoBoughtView.as_view(),
        name="product-also-bought",
    ),
    path("cart/", cart.CartView.as_view(), name="cart"),
    path("cart/lines/", cart.CartLinesView.as_view(), name="cart-lines"),
    path("cart/lines/<int:sku>/", cart.CartLineView.as_view(), name="cart-line"),
    path("cart/coupons/", cart.CouponsView.as_view(), name="coupons"),
    path("cart/coupons/<str:code>/", cart.CouponView.as_view(), name="coupon"),
    path("addresses/", accounts.AddressListView.as_view(), name="addresses"),
    path("addresses/<int:pk>/", accounts.AddressDetailView.as_view(), name="address"),
    path("shipping-methods/", orders.ShippingMethodsView.as_view(), name="shipping-methods"),
    path("payment-methods/", orders.PaymentMethodsView.as_view(), name="payment-methods"),
    path("orders/", orders.OrderListView.as_view(), name="orders"),
    path("orders/<slug:number>/", orders.OrderDetailView.as_view(), name="order"),
    path("orders/<slug:number>/cancel/", orders.OrderCancelView.as_view(), name="order-cancel"),
    path(
        "orders/<slug:number>/confirm-receipt/",
        orders.OrderConfirmView.as_view(),
        name="order-confirm",
    ),
    path("orders/<slug:number>/refunds/", orders.OrderRefundView.as_view(), name="order-refunds"),
    path(
        "orders/<slug:number>/payments/",
        orders.OrderPaymentView.as_view(),
        name="order-payments",
    ),
    path("reviews/", reviews.ReviewCreateView.as_view(), name="reviews"),
    path("reviews/<int:pk>/", reviews.ReviewDetailView.as_view(), name="review"),
    path(
        "reviews/<int:pk>/follow-up/", reviews.ReviewFollowUpView.as_view(), name="review-follow-up"
    ),
    path("reviews/<int:pk>/vote/", reviews.ReviewVoteView.as_view(), name="review-vote"),
    path("reviews/<int:pk>/report/", reviews.ReviewReportView.as_view(), name="review-report"),
    path("wishlist/", wishlist.WishlistView.as_view(), name="wishlist"),
    path("wishlist/<int:product_id>/", wishlist.WishlistItemView.as_view(), name="wishlist-item"),
    path("recommendations/", recommendations.YouMayLikeView.as_view(), name="recommendations"),
]
