from django.urls import path

from .views import builder, campaigns, exchange, paper

app_name = "questionnaires"

BASE = "structures/<slug:slug>/questionnaires/"

urlpatterns = [
    path(BASE, builder.questionnaire_list, name="list"),
    path(f"{BASE}nouveau/", builder.questionnaire_create, name="create"),
    path(f"{BASE}<id:pk>/", builder.questionnaire_detail, name="detail"),
    path(f"{BASE}<id:pk>/modifier/", builder.questionnaire_update, name="update"),
    path(f"{BASE}<id:pk>/sections/", builder.section_add, name="section_add"),
    path(f"{BASE}<id:pk>/echelles/", builder.module_add, name="module_add"),
    path(f"{BASE}<id:pk>/sections/<id:section_pk>/ordre/", builder.section_move, name="section_move"),
    path(f"{BASE}<id:pk>/sections/<id:section_pk>/supprimer/", builder.section_delete, name="section_delete"),
    path(f"{BASE}<id:pk>/sections/<id:section_pk>/question/", builder.question_create, name="question_create"),
    path(f"{BASE}<id:pk>/sections/<id:section_pk>/banque/", builder.bank, name="bank"),
    path(f"{BASE}<id:pk>/questions/<id:question_pk>/", builder.question_update, name="question_update"),
    path(f"{BASE}<id:pk>/questions/<id:question_pk>/ordre/", builder.question_move, name="question_move"),
    path(f"{BASE}<id:pk>/questions/<id:question_pk>/supprimer/", builder.question_delete, name="question_delete"),
    path(f"{BASE}<id:pk>/campagnes/nouvelle/", campaigns.campaign_create, name="campaign_create"),
    path(f"{BASE}campagnes/<id:pk>/", campaigns.campaign_detail, name="campaign"),
    path(f"{BASE}campagnes/<id:pk>/affiche/", campaigns.campaign_poster, name="poster"),
    path(f"{BASE}campagnes/<id:pk>/etat/", campaigns.campaign_status, name="campaign_status"),
    path(f"{BASE}campagnes/<id:pk>/supprimer-les-reponses/", campaigns.campaign_delete_answers, name="delete_answers"),
    path(f"{BASE}campagnes/<id:pk>/resultats/", campaigns.campaign_results, name="results"),
    path(f"{BASE}campagnes/<id:pk>/reponses/", exchange.answers_export, name="answers_export"),
    path(f"{BASE}campagnes/<id:pk>/reponses/<id:answer_pk>/", campaigns.text_answer, name="text_answer"),
    path(f"{BASE}<id:pk>/sections/<id:section_pk>/indicateur/", builder.section_link, name="section_link"),
    path(f"{BASE}campagnes/<id:pk>/papier/", paper.paper_entry, name="paper_entry"),
    path(f"{BASE}<id:pk>/papier.pdf", paper.paper_pdf, name="paper_pdf"),
    path(f"{BASE}<id:pk>/xlsform.xlsx", exchange.xlsform_export, name="xlsform_export"),
    path(f"{BASE}import-xlsform/", exchange.xlsform_import, name="xlsform_import"),
]
