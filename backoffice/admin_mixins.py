"""What the catalog's admins mix in for import and export of merchant files."""

from typing import Any

from django.http import HttpRequest
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX

from .resources import PriceResource, ProductResource, SKUResource, StockResource


class CatalogFiles(ImportExportMixin):
    """Import and export buttons for CSV and Excel files; imports are audited as the user."""

    import_formats = (CSV, XLSX)
    export_formats = (CSV, XLSX)
    import_resources: tuple[type, ...] = ()
    export_resources: tuple[type, ...] = ()

    def get_import_resource_classes(self, request: HttpRequest) -> list[type]:
        return list(self.import_resources)

    def get_export_resource_classes(self, request: HttpRequest) -> list[type]:
        return list(self.export_resources)

    def get_import_resource_kwargs(self, request: HttpRequest, **kwargs: Any) -> dict[str, Any]:
        return {"user": request.user}


class ProductFiles(CatalogFiles):
    import_resources = export_resources = (ProductResource,)


class SKUFiles(CatalogFiles):
    import_resources = (SKUResource, PriceResource, StockResource)
    export_resources = (SKUResource, PriceResource)
