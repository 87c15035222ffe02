"""The communication kit in the site: the "Bộ ấn phẩm" page, stored builds, poster tasks."""
