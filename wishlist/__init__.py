"""Shoppers' wishlists (收藏): saved products and the price each had when saved."""
