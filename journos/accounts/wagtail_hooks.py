from wagtail import hooks

from journos.accounts.viewsets import LIFT_LOGIN_LOCK


@hooks.register("register_log_actions")
def register_account_log_actions(actions):
    actions.register_action(LIFT_LOGIN_LOCK, "Lift login lock", "Login lock lifted")
