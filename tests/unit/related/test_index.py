from datetime import UTC, datetime, timedelta

from bot.core.related import RelatedRequest, age
from bot.related.index import RelatedIndex
from bot.related.rules import is_duplicate, pick, same_text

DOCS = [
    (1, "Pods crash-loop after the upgrade to 5.1 on Kubernetes"),
    (2, "SAML login loops back to the sign-in page after rotating the IdP certificate"),
    (3, "Search results are missing symbols for Go repositories"),
    (4, "Batch changes fail to publish changesets to GitLab"),
]


def test_search_ranks_the_similar_request_first_and_skips_unrelated_ones():
    index = RelatedIndex()
    index.rebuild(DOCS)
    hits = index.search("our pods are crash-looping since upgrading kubernetes")
    assert [h.request_id for h in hits] == [1]
    assert 0.2 <= hits[0].score <= 1.0
    assert index.search("zzz qqq") == [] and index.search("") == []


def test_exclude_and_limit():
    index = RelatedIndex()
    index.rebuild(DOCS + [(5, "Pods crash-loop on Kubernetes after the upgrade, again")])
    assert [h.request_id for h in index.search("pods crash-loop kubernetes upgrade", limit=1)] in ([1], [5])
    assert 5 not in [h.request_id for h in index.search("pods crash-loop kubernetes upgrade", exclude=[5])]


def test_added_requests_are_found_before_and_after_a_refit():
    index = RelatedIndex()
    index.rebuild([(n, f"filler text {n} about zoekt indexing and shards") for n in range(100, 200)] + DOCS)
    index.add(500, "Gitserver OOMKilled and crash-loop on Kubernetes")
    assert 500 in [h.request_id for h in index.search("gitserver crash-loop kubernetes")]
    index.add(500, "duplicate add is ignored")
    assert len(index) == 105
    for n in range(600, 640):
        index.add(n, f"more filler {n} about batch changes")
    assert index.refit_if_stale()
    hits = index.search("gitserver OOMKilled")  # a word first seen after the fit counts once refitted
    assert hits and hits[0].request_id == 500


def test_key_terms_prefer_rare_words_spelled_as_typed():
    index = RelatedIndex()
    index.rebuild([(n, "kubernetes cluster upgrade problem") for n in range(20)] + [(99, "zoekt shards")])
    assert index.key_terms("Kubernetes upgrade broke Zoekt", 2) == ["broke", "zoekt"]


NOW = datetime(2026, 11, 24, 12, tzinfo=UTC)


def item(n: int, status: str, score: float, answer: str | None = None) -> RelatedRequest:
    return RelatedRequest(request_id=n, summary=f"s{n}", customer="Acme", team_name="Distribution", status=status,
                          created_at=NOW, score=score, answer=answer)


def test_answered_before_comes_first_then_open_ones_by_score():
    chosen = pick([item(1, "open", 0.9), item(2, "resolved", 0.4, "upgrade"), item(3, "resolved", 0.95),
                   item(4, "open", 0.5), item(5, "resolved", 0.3, "another answer")])
    assert [c.request_id for c in chosen] == [2, 1, 4]


def test_age_reads_like_a_person_would_say_it():
    assert age(NOW, NOW) == "just now"
    assert age(NOW - timedelta(minutes=5), NOW) == "5 minutes ago"
    assert age(NOW - timedelta(hours=1), NOW) == "1 hour ago"
    assert age(NOW - timedelta(days=3), NOW) == "3 days ago"
    assert age(NOW - timedelta(days=15), NOW) == "2 weeks ago"
    assert age(NOW - timedelta(days=90), NOW) == "3 months ago"


def test_duplicates_are_the_same_text_by_someone_else_within_minutes():
    assert same_text("Pods crash-loop!", "pods  CRASH loop")
    assert same_text("Initéch down", "initech DOWN")
    assert not same_text("", "")
    recent = NOW - timedelta(minutes=5)
    assert is_duplicate(text="a b", other_text="A-B", other_created=recent, now=NOW, same_requester=False)
    assert not is_duplicate(text="pods crash, cluster 1", other_text="pods crash, cluster 2", other_created=recent,
                            now=NOW, same_requester=False)
    assert not is_duplicate(text="a b", other_text="a b", other_created=recent, now=NOW, same_requester=True)
    assert not is_duplicate(text="a b", other_text="a b", other_created=NOW - timedelta(hours=1), now=NOW,
                            same_requester=False)


def test_the_same_text_is_a_dictionary_look_up_newest_last_whether_built_or_added():
    index = RelatedIndex()
    index.rebuild(DOCS + [(7, "pods CRASH-loop after the upgrade to 5.1, on Kubernetes!")])
    assert index.same_text("Pods crash loop after the upgrade to 5.1 on kubernetes") == [1, 7]
    index.add(9, "Pods crash-loop after the upgrade to 5.1 on Kubernetes")
    assert index.same_text("pods crash-loop after the upgrade to 5.1 on kubernetes", limit=2) == [7, 9]
    assert index.same_text("Pods crash-loop after the upgrade") == []  # similar is not the same
    assert index.same_text("  ...  ") == [] and index.same_text("") == []
    assert RelatedIndex().same_text("anything") == []  # nothing indexed (or fitted) yet
