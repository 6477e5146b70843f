from django.apps import AppConfig


class RevolvingFundConfig(AppConfig):
    name = "apps.revolvingfund"
    label = "revolvingfund"
    verbose_name = "Revolving fund to solve teachers' debt"

    def ready(self) -> None:
        # The subcommittee's minutes print the round's ranking under its agenda item.
        from apps.committees.minutes import register_contribution
        from apps.revolvingfund.minutes import ranking_table

        register_contribution("revolvingfund.round:", ranking_table)
