"""HTML pasted from Word or a web page, brought to the few tags the rich-text editor keeps.

nh3 (`text.sanitise_html`) decides what is allowed; this pass runs before it and only rescues
what the allow-list would otherwise lose or mangle:
- Word's lists are not lists: each item is a `<p class=MsoListParagraph style="mso-list:l0
  level1 lfo1">` whose number or bullet is text in a `<span style="mso-list:Ignore">`. They
  become `<ol>`/`<ul>` with `<li>` (nested by level); the typed marker goes. The editor
  passes the same marks on as `data-mso-list` attributes.
- `<b>`/`<i>` (Word, and Chromium's own bold button) become `<strong>`/`<em>`; headings are
  mapped onto the two levels the pages allow (h1-h3 to h3, h4-h6 to h4).
- What is not text at all goes with its content: `<head>`, `<style>`, Word's `<xml>` blocks,
  conditional comments, Office-namespaced tags (`<o:p>`, `<v:shape>`), paragraphs left empty.
Text without any of this (all text already stored) is returned untouched without parsing.
"""

from __future__ import annotations

import html
import re

import lxml.html
from lxml import etree

_NEEDS_WORK = re.compile(
    r"mso-|<\w+:\w|<!\[if|<!--\[if|<(?:b|i|h[1256]|style|xml|head|script|title|meta)\b", re.I)
_LIST_ITEM = re.compile(r"mso-list:\s*l\d+\s+level(\d+)", re.I)
_LIST_MARKER = re.compile(r"mso-list:\s*ignore", re.I)
# "1." "a)" "iv." "(2)": numbered; "·", "o", "§" (Symbol, Courier, Wingdings bullets): bulleted.
_ORDERED_MARKER = re.compile(r"^\(?(?:\d+|[a-zA-Z]{1,4})[.)]")
_DROP_WITH_CONTENT = {"head", "style", "script", "xml", "title", "meta", "link", "noscript"}
_RENAME = {"b": "strong", "i": "em", "h1": "h3", "h2": "h3", "h5": "h4", "h6": "h4"}
_LEVEL = "data-word-level"
_ORDERED = "data-word-ordered"


def normalise(text: str) -> str:
    """Word or web-page HTML as plain structural HTML, for nh3 to finish."""
    if not text or not _NEEDS_WORK.search(text):
        return text
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return text  # nothing parseable: nh3 still sanitises it as it is
    _drop_non_text(root)
    for el in list(root.iter(*_RENAME)):
        el.tag = _RENAME[el.tag]
    _mark_list_items(root)
    for parent in {el.getparent() for el in root.iter() if el.get(_LEVEL)}:
        if parent is not None:
            _group_lists(parent)
    _drop_empty_paragraphs(root)
    body = root.find("body")
    body = root if body is None else body
    return html.escape(body.text or "", quote=False) + "".join(
        lxml.html.tostring(child, encoding="unicode") for child in body)


def _drop_non_text(root) -> None:
    doomed = [el for el in root.iter() if not isinstance(el.tag, str)
              or el.tag in _DROP_WITH_CONTENT or ":" in el.tag]
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()  # keeps the text that follows it (its tail)


def _list_style(el) -> str:
    """Word's list marks: in the style attribute as Word writes them, or in data-mso-list,
    where the editor (static/js/richtext.js) keeps them when it cleans a paste."""
    data = el.get("data-mso-list")
    return el.get("style", "") + (f";mso-list:{data}" if data else "")


def _mark_list_items(root) -> None:
    for el in root.iter("p", "h3", "h4", "div"):
        match = _LIST_ITEM.search(_list_style(el))
        if match:
            el.set(_LEVEL, match.group(1))
            el.set(_ORDERED, "")
    for marker in [el for el in root.iter() if _LIST_MARKER.search(_list_style(el))]:
        item = next((a for a in marker.iterancestors() if a.get(_LEVEL)), None)
        if item is not None and _ORDERED_MARKER.match(marker.text_content().strip()):
            item.set(_ORDERED, "1")
        marker.drop_tree()


def _group_lists(parent) -> None:
    """Each run of adjacent list paragraphs under `parent` becomes one (nested) list."""
    children = list(parent)
    i = 0
    while i < len(children):
        if not children[i].get(_LEVEL):
            i += 1
            continue
        run = [children[i]]
        while (i + len(run) < len(children) and children[i + len(run)].get(_LEVEL)
               and not (run[-1].tail or "").strip()):
            run.append(children[i + len(run)])
        _replace_with_list(parent, run)
        i += len(run)


def _new_list(item) -> etree._Element:
    return lxml.html.Element("ol" if item.get(_ORDERED) else "ul")


def _replace_with_list(parent, run) -> None:
    top = _new_list(run[0])
    stack = [(int(run[0].get(_LEVEL)), top)]
    for para in run:
        level = int(para.get(_LEVEL))
        while level < stack[-1][0] and len(stack) > 1:
            stack.pop()
        if level > stack[-1][0] and len(stack[-1][1]):
            sub = _new_list(para)
            stack[-1][1][-1].append(sub)
            stack.append((level, sub))
        li = etree.SubElement(stack[-1][1], "li")
        li.text = para.text
        for child in list(para):
            li.append(child)
    top.tail = run[-1].tail
    parent.replace(run[0], top)
    for para in run[1:]:
        parent.remove(para)


def _drop_empty_paragraphs(root) -> None:
    empty = [p for p in root.iter("p")
             if not p.text_content().replace("\xa0", " ").strip()
             and not any(True for _ in p.iter("table", "img"))]
    for p in empty:
        if p.getparent() is not None:
            p.drop_tree()
