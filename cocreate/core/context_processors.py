def navigation(request):
    """Unread notification count and the organizations the person works in, for the header."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from cocreate.notifications.selectors import unread_count
    from cocreate.organizations.selectors import organizations_of

    return {"unread_notifications": unread_count(user), "my_organizations": organizations_of(user)}
