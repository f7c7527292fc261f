from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from journos.accounts.selectors import find_account

User = get_user_model()


class UsernameOrEmailBackend(ModelBackend):
    """Readers and staff sign in with their username or their e-mail address."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if not username or password is None:
            return None
        user = find_account(username)
        if user is None:
            # Hash anyway, so an unknown name costs the same time as a wrong password.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
