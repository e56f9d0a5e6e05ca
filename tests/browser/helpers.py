"""What the browser journeys share: catalogue lookups that fail on a missing Korean
translation, and a fresh page (its own browser context) in the journey's language."""

from django.utils import timezone, translation

from tests import factories as f


def T(lang, message, context=None, **params):
    with translation.override(lang):
        text = translation.pgettext(context, message) if context else translation.gettext(message)
    # An untranslated string would make the Korean page and the lookup agree on English.
    assert lang != "ko" or text != message, f"not in the Korean catalogue: {message!r}"
    return text % params if params else text


def N(lang, singular, plural, number, **params):
    with translation.override(lang):
        text = translation.ngettext(singular, plural, number)
    assert lang != "ko" or text not in (singular, plural), f"not in the Korean catalogue: {plural!r}"
    return text % ({"n": number} | params)


def untranslated(messages) -> list[str]:
    """The messages (msgid, (context, msgid) or (singular, plural, "plural")) the Korean
    catalogue does not translate: checked first, so one run lists every one of them."""
    missing = []
    with translation.override("ko"):
        for m in messages:
            if isinstance(m, str):
                ok = translation.gettext(m) != m
            elif len(m) == 2:
                ok = translation.pgettext(*m) != m[1]
            else:
                ok = translation.ngettext(m[0], m[1], 2) not in m[:2]
            if not ok:
                missing.append(m)
    return missing


def new_page(browser, live_server, lang):
    context = browser.new_context(base_url=live_server.url, locale="ko-KR" if lang == "ko" else "en-US")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.on("dialog", lambda dialog: dialog.accept())  # data-confirm prompts
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.js_errors = errors
    return page


def sign_in(page, email, lang):
    page.goto("/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", f.PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    # Longer than the default: under a loaded CI machine the first sign-in of a journey's
    # second person has taken more than 15 s.
    page.wait_for_url(lambda url: "/accounts/login/" not in url, timeout=45_000)
    assert page.locator("html").get_attribute("lang") == lang
    return page


def log_in(browser, live_server, user, lang):
    """A new page signed in as ``user``."""
    return sign_in(new_page(browser, live_server, lang), user.email, lang)


def lab_speaking(lang, messages):
    """A fresh lab whose people all read ``lang``; in Korean, first every catalogue string the
    journey looks up must be translated (listed at once, not one failure per run)."""
    if lang == "ko":
        assert untranslated(messages) == []
    lab = f.make_lab()
    for user in lab.users.values():
        if user is not None:
            user.language = lang
            user.save(update_fields=["language"])
    return lab


def local_input(moment) -> str:
    """A moment as a datetime-local input shows it, in the site's time zone."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")
