// Command trivy-db-fixture writes a Trivy vulnerability database from YAML fixtures, the
// way Trivy's own integration tests build theirs: bucket/pair YAML loaded into a bbolt file
// by github.com/aquasecurity/bolt-fixtures, next to the metadata.json Trivy checks before
// an offline scan (schema version 2, trivy-db pkg/metadata).
//
//	trivy-db-fixture CACHE_DIR FIXTURE.yaml...
//
// writes CACHE_DIR/db/trivy.db and CACHE_DIR/db/metadata.json, so that
// `trivy --cache-dir CACHE_DIR --skip-db-update --offline-scan` uses them.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	fixtures "github.com/aquasecurity/bolt-fixtures"
)

// schemaVersion is trivy-db's db.SchemaVersion; Trivy v0.74 refuses any other.
const schemaVersion = 2

type metadata struct {
	Version      int
	NextUpdate   time.Time
	UpdatedAt    time.Time
	DownloadedAt time.Time
}

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: trivy-db-fixture CACHE_DIR FIXTURE.yaml...")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2:]); err != nil {
		fmt.Fprintln(os.Stderr, "trivy-db-fixture:", err)
		os.Exit(1)
	}
}

func run(cacheDir string, files []string) error {
	dbDir := filepath.Join(cacheDir, "db")
	if err := os.MkdirAll(dbDir, 0o755); err != nil {
		return err
	}
	loader, err := fixtures.New(filepath.Join(dbDir, "trivy.db"), files)
	if err != nil {
		return err
	}
	if err := loader.Load(); err != nil {
		loader.Close()
		return err
	}
	if err := loader.Close(); err != nil {
		return err
	}
	now := time.Now().UTC()
	// NextUpdate far ahead: the database never counts as stale during a test run.
	meta, err := json.Marshal(metadata{
		Version:      schemaVersion,
		NextUpdate:   now.Add(24 * time.Hour * 365),
		UpdatedAt:    now,
		DownloadedAt: now,
	})
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dbDir, "metadata.json"), meta, 0o644)
}
