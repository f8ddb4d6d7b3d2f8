"""No script in a certificate: markup in the free-text fields is printed as text, never obeyed.

ReportLab's paragraphs read a small HTML-like markup (`<a href>`, `<img>`, `<font>`), so a name that
reached a paragraph unescaped could add a link, a picture or an action to the PDF. Names typed into
the chat are already narrow (bot.services.choice.person_name); these go straight to the service, as
the console or a later channel might, with whatever a person could type.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from bot.services.certificates import CertificateConfig, certificate_pdf
from bot.services.certificates.eligibility import MAX_NAME_LENGTH
from tests.helpers.certificates import SECRET, issue, ready_case, young_person_case

MARKUP = [
    '<a href="javascript:app.alert(1)">click</a>',
    '<link href="file:///etc/passwd">x</link>',
    '<img src="/etc/passwd" width="9" height="9"/>',
    "<script>alert(1)</script>",
    '<font name="Courier" size="40">big</font>',
    "</para><para>",
    "&amp; &lt; &#x41; &nbsp;",
    "/JS (app.alert(1)) /OpenAction",
]
FORBIDDEN_KEYS = {
    "/JS",
    "/JavaScript",
    "/Launch",
    "/OpenAction",
    "/AA",
    "/SubmitForm",
    "/ImportData",
    "/EmbeddedFiles",
    "/RichMedia",
    "/XFA",
}
names = (
    st.lists(
        st.one_of(st.sampled_from(MARKUP), st.text(alphabet="abcXYZ '-.<>/=\"&;#", max_size=12)),
        min_size=1,
        max_size=3,
    )
    .map("".join)
    # Any name a certificate accepts: a longer one is refused before it reaches the PDF.
    .filter(lambda name: 0 < len(" ".join(name.split())) <= MAX_NAME_LENGTH)
)
_conversations = itertools.count()


@pytest.fixture
def config(tmp_path: Path) -> CertificateConfig:
    return CertificateConfig(
        duty_adviser_name="Duty <b>Adviser</b>",
        certificates_dir=tmp_path / "certificates",
        provider_name="KIDS <i>Mediation</i>",
        provider_phone="03330 062 835",
        public_base_url="https://mias.example.org",
        secret_key=SECRET,
        link_hours=72,
    )


def actions_in(pdf: PdfReader) -> tuple[set[str], list[str]]:
    """Every dictionary key and every link target reachable from the document's trailer."""
    keys: set[str] = set()
    uris: list[str] = []
    seen: set[int] = set()
    todo: list[Any] = [pdf.trailer]
    while todo:
        item = todo.pop()
        if isinstance(item, IndirectObject):
            if item.idnum in seen:
                continue
            seen.add(item.idnum)
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            keys |= set(item.keys())
            if "/URI" in item:
                uris.append(str(item["/URI"]))
            todo += [value for key, value in item.items() if key not in ("/Parent", "/P")]
        elif isinstance(item, ArrayObject):
            todo += list(item)
    return keys, uris


@settings(
    max_examples=20,
    deadline=None,
    # One database and folder for all examples: each example is a new conversation in them.
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(applicant=names, child=names, helper=names, adviser=names, young_person=st.booleans())
def test_markup_in_any_certificate_field_is_printed_as_text(
    database_url: str,
    config: CertificateConfig,
    applicant: str,
    child: str,
    helper: str,
    adviser: str,
    young_person: bool,
) -> None:
    """The child is named for a parent appellant, the helper for a young person appellant."""
    conversation = f"markup-{next(_conversations)}"
    if young_person:
        young_person_case(database_url, conversation, applicant_name=applicant, helper_name=helper)
    else:
        ready_case(database_url, conversation, applicant_name=applicant, child_name=child)
    outcome = issue(database_url, config, conversation, adviser=adviser)
    assert outcome.certificate is not None
    pdf_bytes = certificate_pdf(database_url, outcome.certificate.number)
    assert pdf_bytes is not None

    reader = PdfReader(_write(config.certificates_dir / f"{conversation}.check.pdf", pdf_bytes))
    keys, uris = actions_in(reader)
    assert keys.isdisjoint(FORBIDDEN_KEYS), keys & FORBIDDEN_KEYS
    assert uris and all(uri.startswith(f"{config.public_base_url}/verify/") for uri in uris)
    text = " ".join(reader.pages[0].extract_text().split())
    for typed in (applicant, helper if young_person else child, adviser):
        assert " ".join(typed.split()) in text


def _write(path: Path, content: bytes) -> Path:
    path.write_bytes(content)
    return path
