"""A printable PDF of one version of a program's agreement, in the reader's language.

ReportLab draws it. Korean needs no font file: ``HYGothic-Medium`` is one of the CID fonts
every PDF reader ships with (Adobe's Korean font pack), so the PDF names the font and the
reader supplies the glyphs. The same font also draws Latin text, so an English PDF still shows
a program title or criterion typed in Korean."""

from io import BytesIO
from xml.sax.saxutils import escape

from django.utils import formats, translation
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .models import Agreement

FONT = "HYGothic-Medium"


def _font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def _para(text: str, style) -> Paragraph:
    return Paragraph(escape(text or "—").replace("\n", "<br/>"), style)


def agreement_pdf(agreement: Agreement, *, language: str) -> bytes:
    """The agreement's terms, criteria and crowd-vote share as PDF bytes, labelled in
    ``language`` (``ko`` or ``en``); the terms themselves are printed as the manager wrote them."""
    font = _font()
    body = ParagraphStyle("body", fontName=font, fontSize=10, leading=15)
    head = ParagraphStyle("head", parent=body, fontSize=16, leading=22, spaceAfter=4)
    label = ParagraphStyle("label", parent=body, fontSize=11, leading=16, spaceBefore=8,
                           textColor=colors.HexColor("#333333"))
    program = agreement.program
    with translation.override(language):
        story = [
            _para(_("Program agreement · %(program)s") % {"program": program.title}, head),
            _para(_("Version %(version)s") % {"version": agreement.version}, body),
        ]
        if agreement.published_at:
            story.append(_para(_("In force since %(date)s.") % {
                "date": formats.date_format(agreement.published_at, "DATE_FORMAT")}, body))
        story.append(Spacer(1, 4 * mm))
        for name in ("evaluators", "method", "ip_ownership", "confidentiality", "result_consent",
                     "rejection_process", "data_use"):
            value = getattr(agreement, name)
            if not value and name in ("result_consent", "rejection_process", "data_use"):
                continue
            story += [_para(str(Agreement._meta.get_field(name).verbose_name).capitalize(), label),
                      _para(value, body)]
        story += [Spacer(1, 4 * mm), _para(_("Evaluation criteria and their weights"), label)]
        rows = [[_para(_("Criterion"), body), _para(_("What it means"), body), _para(_("Weight"), body),
                 _para(_("Scale"), body)]]
        for c in agreement.criteria.all():
            name = c.name + (" · " + _("participants' vote") if c.is_crowd_vote else "")
            rows.append([_para(name, body), _para(c.description, body), _para(f"{c.weight}%", body),
                         _para(_("0 to %(top)s") % {"top": c.scale_max}, body)])
        table = Table(rows, colWidths=[45 * mm, 80 * mm, 20 * mm, 25 * mm], repeatRows=1)
        table.setStyle(TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]))
        story += [table, Spacer(1, 3 * mm),
                  _para(_("The participants' vote counts for %(share)s%% of the final score.")
                        % {"share": agreement.crowd_vote_share}, body)]
        story += [_para(_("Judge leniency correction"), label), _para(str(agreement.get_leniency_display()), body)]
        if agreement.crowd_vote_share:
            story += [_para(_("Participants' vote from"), label),
                      _para(str(agreement.get_crowd_source_display()), body)]
        story += [_para(_("Judges per idea"), label), _para(str(agreement.min_judges), body),
                  _para(_("Judges' comments"), label),
                  _para(_("The author reads them, without the judges' names, after the decision.")
                        if agreement.comments_to_author else _("Kept for the organization."), body)]
        buffer = BytesIO()
        doc = SimpleDocTemplate(
            buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=20 * mm,
            bottomMargin=20 * mm, title=_("Program agreement · %(program)s, version %(version)s")
            % {"program": program.title, "version": agreement.version},
            # ASCII, whatever the language: which version this is stays machine-readable.
            subject=f"{program.slug} v{agreement.version}", lang=language,
        )
        doc.build(story)
    return buffer.getvalue()
