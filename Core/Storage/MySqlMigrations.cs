namespace TuneBot.Core.Storage;

/// <summary>
/// The MySQL (8 / MariaDB 10.11+) spelling of <see cref="CatalogMigrations"/>: the same tables, columns and keys.
/// Every table is InnoDB in utf8mb4 with a binary collation, whatever the database's default (titles in Korean,
/// emoji in theme names; comparisons and ordering byte-wise, as in SQLite and PostgreSQL). Text that is a key
/// gets a length (MySQL cannot index unbounded TEXT); the path index is a prefix index. Foreign keys are
/// table-level: MySQL ignores a REFERENCES written on the column. Never edit a shipped migration: append one.
/// </summary>
internal static class MySqlMigrations
{
    /// <summary>Every catalog table's options (also schema_version's, which CatalogDatabase creates).</summary>
    public const string Options = "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin";

    public const string Initial = $"""
        CREATE TABLE tracks (
            id BIGINT AUTO_INCREMENT PRIMARY KEY,
            content_hash VARCHAR(128) NOT NULL UNIQUE,
            path TEXT NOT NULL,
            title TEXT NOT NULL,
            artist TEXT NULL,
            album TEXT NULL,
            duration_s DOUBLE NOT NULL,
            file_size BIGINT NOT NULL,
            file_mtime_ms BIGINT NOT NULL,
            summary LONGBLOB NOT NULL,
            summary_dims INT NOT NULL,
            summary_version INT NOT NULL,
            sequence LONGBLOB NOT NULL,
            sequence_frames INT NOT NULL,
            sequence_dims INT NOT NULL,
            sequence_encoding INT NOT NULL,
            analysed_at DATETIME(6) NOT NULL,
            INDEX ix_tracks_path (path(255))
        ) {Options};

        CREATE TABLE track_windows (
            track_id BIGINT NOT NULL,
            window_index INT NOT NULL,
            start_s DOUBLE NOT NULL,
            dims INT NOT NULL,
            version INT NOT NULL,
            vector LONGBLOB NOT NULL,
            PRIMARY KEY (track_id, window_index),
            FOREIGN KEY (track_id) REFERENCES tracks (id) ON DELETE CASCADE
        ) {Options};

        CREATE TABLE cluster_runs (
            id BIGINT AUTO_INCREMENT PRIMARY KEY,
            k INT NOT NULL,
            seed BIGINT NOT NULL,
            k_selection TEXT NOT NULL,
            created_at DATETIME(6) NOT NULL,
            track_count INT NOT NULL,
            dims INT NOT NULL,
            summary_version INT NOT NULL,
            means LONGBLOB NOT NULL,
            scales LONGBLOB NOT NULL,
            centroids LONGBLOB NOT NULL,
            inertia_curve MEDIUMTEXT NOT NULL,
            inertia DOUBLE NOT NULL,
            silhouette DOUBLE NULL
        ) {Options};

        CREATE TABLE cluster_assignments (
            run_id BIGINT NOT NULL,
            track_id BIGINT NOT NULL,
            cluster_id INT NOT NULL,
            distance DOUBLE NOT NULL,
            x DOUBLE NULL,
            y DOUBLE NULL,
            PRIMARY KEY (run_id, track_id),
            INDEX ix_cluster_assignments_cluster (run_id, cluster_id),
            FOREIGN KEY (run_id) REFERENCES cluster_runs (id) ON DELETE CASCADE,
            FOREIGN KEY (track_id) REFERENCES tracks (id) ON DELETE CASCADE
        ) {Options};

        CREATE TABLE themes (
            run_id BIGINT NOT NULL,
            cluster_id INT NOT NULL,
            name_en TEXT NOT NULL,
            name_ko TEXT NOT NULL,
            description_en TEXT NOT NULL,
            description_ko TEXT NOT NULL,
            emoji TEXT NOT NULL,
            valence DOUBLE NOT NULL,
            arousal DOUBLE NOT NULL,
            renamed_by_operator BOOLEAN NOT NULL DEFAULT FALSE,
            PRIMARY KEY (run_id, cluster_id),
            FOREIGN KEY (run_id) REFERENCES cluster_runs (id) ON DELETE CASCADE
        ) {Options};

        CREATE TABLE bot_state (
            `key` VARCHAR(255) PRIMARY KEY,
            value TEXT NOT NULL
        ) {Options};
        CREATE TABLE handled_updates (
            update_id BIGINT PRIMARY KEY,
            chat_id BIGINT NOT NULL,
            status TEXT NOT NULL,
            updated_at DATETIME(6) NOT NULL
        ) {Options};
        CREATE TABLE sent_replies (
            update_id BIGINT NOT NULL,
            seq INT NOT NULL,
            chat_id BIGINT NOT NULL,
            sent_at DATETIME(6) NOT NULL,
            PRIMARY KEY (update_id, seq)
        ) {Options};
        CREATE TABLE feedback (
            id BIGINT AUTO_INCREMENT PRIMARY KEY,
            chat_id BIGINT NOT NULL,
            kind TEXT NOT NULL,
            value TEXT NOT NULL,
            created_at DATETIME(6) NOT NULL
        ) {Options};
        CREATE TABLE theme_choices (
            id BIGINT AUTO_INCREMENT PRIMARY KEY,
            chat_id BIGINT NOT NULL,
            cluster_run_id INT NULL,
            cluster_id INT NOT NULL,
            created_at DATETIME(6) NOT NULL
        ) {Options};
        """;

    // MySQL triggers are per row only (no FOR EACH STATEMENT): a statement touching n tracks bumps the revision by
    // n, which is all a cache needs (it only compares). Creating a trigger on a server with binary logging needs
    // the SUPER privilege or log_bin_trust_function_creators = 1 (README, MySQL).
    public const string Revision = $"""
        CREATE TABLE catalog_revision (id INT PRIMARY KEY CHECK (id = 1), revision BIGINT NOT NULL) {Options};
        INSERT INTO catalog_revision (id, revision) VALUES (1, 0);
        CREATE TRIGGER tracks_revision_insert AFTER INSERT ON tracks FOR EACH ROW
            UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1;
        CREATE TRIGGER tracks_revision_update AFTER UPDATE ON tracks FOR EACH ROW
            UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1;
        CREATE TRIGGER tracks_revision_delete AFTER DELETE ON tracks FOR EACH ROW
            UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1;
        """;

    // The inbox columns (CatalogMigrations.Inbox). status becomes a VARCHAR so it can lead an index; the payload is
    // MEDIUMTEXT since an update's JSON may pass TEXT's 64 KiB.
    public const string Inbox = """
        ALTER TABLE handled_updates
            MODIFY status VARCHAR(16) NOT NULL,
            ADD COLUMN payload MEDIUMTEXT NULL,
            ADD COLUMN received_ms BIGINT NOT NULL DEFAULT 0,
            ADD COLUMN lease_owner VARCHAR(128) NULL,
            ADD COLUMN lease_until_ms BIGINT NOT NULL DEFAULT 0,
            ADD COLUMN attempts INT NOT NULL DEFAULT 0,
            ADD INDEX ix_handled_updates_status (status, update_id),
            ADD INDEX ix_handled_updates_chat (chat_id, update_id);
        ALTER TABLE sent_replies
            ADD COLUMN sent_ms BIGINT NOT NULL DEFAULT 0,
            ADD INDEX ix_sent_replies_chat (chat_id, sent_ms);
        """;

    // The landmark table (CatalogMigrations.Landmarks).
    public const string Landmarks = $"""
        CREATE TABLE track_landmarks (
            track_id BIGINT PRIMARY KEY,
            content_hash VARCHAR(128) NOT NULL,
            version INT NOT NULL,
            landmark_count INT NOT NULL,
            landmarks LONGBLOB NOT NULL,
            FOREIGN KEY (track_id) REFERENCES tracks (id) ON DELETE CASCADE
        ) {Options};
        """;
}
