/// One step of feedd's schema: version `version` is what the database holds once `sql` ran.
struct Migration: Sendable {
    var version: Int
    var summary: String
    var sql: String

    /// Every schema feedd has had, oldest first. A released step is never edited: a change is a
    /// new step, so a database at any earlier version upgrades by running the steps it lacks.
    static let all: [Migration] = [
        Migration(version: 1, summary: "items (one row per canonical URL) and aliases", sql: """
            CREATE TABLE items (
                id                bigserial PRIMARY KEY,
                dedup_key         text NOT NULL UNIQUE,
                canonical_url     text NOT NULL,
                url               text,
                feed_url          text NOT NULL,
                feed_title        text,
                guid              text,
                title             text,
                author            text,
                published         timestamptz,
                updated           timestamptz,
                fetched_at        timestamptz NOT NULL,
                summary           text,
                content           text,
                content_text      text,
                categories        text[] NOT NULL DEFAULT '{}',
                enclosures        jsonb NOT NULL DEFAULT '[]',
                article_url       text,
                article_status    text,
                article_title     text,
                article_byline    text,
                article_published timestamptz,
                article_text      text,
                article_captions  text[] NOT NULL DEFAULT '{}',
                article_image     text,
                article_lang      text,
                node              text NOT NULL,
                inserted_at       timestamptz NOT NULL DEFAULT now()
            );
            -- fetched_at grows with id, so a BRIN index (a few pages, next to free to keep up)
            -- serves export --since; a feed's items are found by a scan (export --feed is rare).
            CREATE INDEX items_fetched_at ON items USING brin (fetched_at);
            CREATE TABLE aliases (
                alias         text PRIMARY KEY,
                canonical_url text NOT NULL,
                node          text NOT NULL,
                inserted_at   timestamptz NOT NULL DEFAULT now()
            );
            """),
        Migration(version: 2, summary: "feed state, host leases and nodes", sql: """
            CREATE TABLE nodes (
                id         text PRIMARY KEY,
                name       text NOT NULL,
                started_at timestamptz NOT NULL DEFAULT now(),
                last_seen  timestamptz NOT NULL DEFAULT now()
            );
            CREATE TABLE hosts (
                host       text PRIMARY KEY,
                node       text,
                expires_at timestamptz
            );
            CREATE TABLE feeds (
                url       text PRIMARY KEY,
                host      text NOT NULL,
                state     jsonb NOT NULL,
                polled_at timestamptz,
                node      text
            );
            CREATE INDEX feeds_host ON feeds (host);
            """),
        Migration(version: 3, summary: "per-host transfer slots, shared by the nodes", sql: """
            -- A node makes a transfer to a host (a feed, an article page) only while it holds one
            -- of that host's slots, numbered from 0 below per_host: the whole cluster then keeps
            -- per_host. A slot past expires_at is free, whoever held it.
            CREATE TABLE host_slots (
                host       text NOT NULL,
                slot       integer NOT NULL,
                node       text NOT NULL,
                expires_at timestamptz NOT NULL,
                PRIMARY KEY (host, slot)
            );
            CREATE INDEX host_slots_node ON host_slots (node);
            """),
    ]
}
