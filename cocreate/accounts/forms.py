from django import forms


class SignupExtraForm(forms.Form):
    def signup(self, request, user):
        pass
