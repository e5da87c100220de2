from django.urls import path

from .views import activities, dashboards, indicators, instruments, leadership, plan_excel, plans, reports

app_name = "operation"
urlpatterns = [
    path("", dashboards.index, name="index"),
    path("liderazgo/", leadership.leadership_matrix, name="leadership"),
    path("liderazgo/<int:policy_id>/editar/", leadership.leadership_edit, name="leadership_edit"),
    path("instrumentos/", instruments.instrument_list, name="instrument_list"),
    path("instrumentos/nuevo/", instruments.instrument_create, name="instrument_create"),
    path("instrumentos/<int:pk>/", instruments.instrument_detail, name="instrument_detail"),
    path("instrumentos/<int:pk>/editar/", instruments.instrument_edit, name="instrument_edit"),
    path("instrumentos/<int:pk>/eliminar/", instruments.instrument_delete, name="instrument_delete"),
    path("plan/", plans.plan_home, name="plan_home"),
    path("plan/plantilla.xlsx", plan_excel.plan_template, name="plan_template"),
    path("plan/importar/", plan_excel.plan_import, name="plan_import"),
    path("plan/nuevo/", plans.plan_create, name="plan_create"),
    path("planes/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("planes/<int:pk>/estado/", plans.plan_status, name="plan_status"),
    path("planes/<int:pk>/exportar/", plan_excel.plan_export, name="plan_export"),
    path("planes/<int:pk>/metas/nueva/", plans.goal_create, name="goal_create"),
    path("metas/<int:pk>/editar/", plans.goal_edit, name="goal_edit"),
    path("metas/<int:pk>/eliminar/", plans.goal_delete, name="goal_delete"),
    path("metas/<int:pk>/actividades/nueva/", activities.activity_create, name="activity_create"),
    path("actividades/<int:pk>/", activities.activity_detail, name="activity_detail"),
    path("actividades/<int:pk>/editar/", activities.activity_edit, name="activity_edit"),
    path("actividades/<int:pk>/eliminar/", activities.activity_delete, name="activity_delete"),
    path("reportes/", reports.report_list, name="report_list"),
    path("reportes/<int:pk>/revisar/", reports.report_review, name="report_review"),
    path("indicadores/", indicators.indicator_list, name="indicator_list"),
    path("indicadores/nuevo/", indicators.indicator_create, name="indicator_create"),
    path("indicadores/<int:pk>/", indicators.indicator_detail, name="indicator_detail"),
    path("indicadores/<int:pk>/editar/", indicators.indicator_edit, name="indicator_edit"),
    path("indicadores/<int:pk>/eliminar/", indicators.indicator_delete, name="indicator_delete"),
    path(
        "indicadores/medicion/<int:pk>/corregir/",
        indicators.measurement_correct,
        name="measurement_correct",
    ),
    path("indicadores/medicion/<int:pk>/eliminar/", indicators.measurement_delete, name="measurement_delete"),
    path("tablero/", dashboards.entity_dashboard, name="dashboard"),
    path("tablero/sector/", dashboards.sector_dashboard, name="sector_dashboard"),
]
