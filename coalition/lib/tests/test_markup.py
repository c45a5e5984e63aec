from coalition.lib.markup import render_markdown


def test_markdown_becomes_html():
    html = render_markdown("# Why\n\nFund the **sector**.\n\n- one\n- two")
    assert "<h2>Why</h2>" in html  # the page's own title is the only h1
    assert "<strong>sector</strong>" in html
    assert "<li>one</li>" in html


def test_scripts_handlers_and_styles_are_removed():
    html = render_markdown(
        '<script>alert(1)</script><p onclick="steal()" style="color:red">Hi</p>'
        '<img src=x onerror="steal()"><iframe src="https://evil.example"></iframe>'
    )
    for dangerous in ("<script", "onclick", "style=", "onerror", "<iframe", "<img"):
        assert dangerous not in html
    assert "Hi" in html


def test_links_are_kept_but_javascript_urls_are_not():
    html = render_markdown("[report](https://example.org/r.pdf) [x](javascript:alert(1))")
    assert 'href="https://example.org/r.pdf"' in html
    assert 'rel="noopener noreferrer nofollow"' in html
    assert "javascript:" not in html


def test_empty_text_gives_empty_html():
    assert render_markdown("") == ""
    assert render_markdown(None) == ""
