from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Renders every form with the project's accessible field template (label, help, errors linked)."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"
