"""How long a text may be, on the pages and the API alike: the API's schemas bound their
fields with these (``Field(max_length=TEXT)``) and the pages' forms give the same field the same
``max_length``, so a text refused by one door is never accepted by the other.
tests/core/test_form_bounds.py checks that every text field of every form has a bound."""

# Text limits for fields whose model column is a TextField.
#: A title or a name.
TITLE = 200
#: A person's expertise or links on their profile.
PROFILE_TEXT = 2000
#: A comment, a note, a reason, a description.
TEXT = 5000
#: An idea's or a brief's body, a section of an agreement.
LONG_TEXT = 20000


def bounded_text(limits: dict[str, int]):
    """A ``formfield_callback`` for a model's form fields (``ModelForm.Meta`` or
    ``fields_for_model``): the fields named in ``limits`` get that ``max_length``, which a
    TextField column does not give them."""

    def formfield(model_field, **kwargs):
        if model_field.name in limits:
            kwargs["max_length"] = limits[model_field.name]
        return model_field.formfield(**kwargs)

    return formfield
