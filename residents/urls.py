app_name = "residents"

urlpatterns: list = []

from residents.urls_coaching import coaching_urlpatterns  # noqa: E402

urlpatterns += coaching_urlpatterns
