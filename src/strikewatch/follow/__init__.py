"""Following the Air Force's channel (and others) through their public web previews.

Layers: ``parse`` (a page → posts), ``client`` (polite HTTP to one base URL), ``archive``
(raw pages on disk), ``state`` (the follower's rows), ``follower`` (one pass), ``liveness``
(how fresh each source is), ``lock`` (one follower per ledger).
"""
