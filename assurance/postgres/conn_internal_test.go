package postgres

import (
	"strings"
	"testing"
)

// A server on another machine is reached over TLS that checks its
// certificate and name, unless the address says otherwise.
func TestTLSVerifyFullForOtherHosts(t *testing.T) {
	for url, want := range map[string]string{
		"postgres://alice@db.trust.nhs.uk/guardian":                 "verify-full",
		"postgres://alice:secret@10.1.2.3:5432/guardian":            "verify-full",
		"postgres://alice@db.trust.nhs.uk/guardian?sslmode=require": "require",
		"postgres://alice@localhost/guardian":                       "",
		"postgres://alice@127.0.0.1/guardian":                       "",
		"postgres:///guardian?host=/var/run/postgresql&user=alice":  "",
		"postgresql://alice@[::1]/guardian":                         "",
	} {
		cfg, where, err := connConfig(url, false, 0)
		if err != nil {
			t.Fatalf("%s: %v", url, err)
		}
		tlsOn := cfg.ConnConfig.TLSConfig != nil
		switch want {
		case "verify-full":
			if !tlsOn || cfg.ConnConfig.TLSConfig.InsecureSkipVerify || cfg.ConnConfig.TLSConfig.ServerName == "" || len(cfg.ConnConfig.Fallbacks) > 0 {
				t.Errorf("%s: TLS %+v, fallbacks %d; want verify-full", url, cfg.ConnConfig.TLSConfig, len(cfg.ConnConfig.Fallbacks))
			}
		case "require":
			if !tlsOn {
				t.Errorf("%s: no TLS", url)
			}
		}
		if want == "" && tlsOn && len(cfg.ConnConfig.Fallbacks) == 0 {
			t.Errorf("%s: a local server must not need a certificate", url)
		}
		if strings.Contains(where, "secret") {
			t.Errorf("%s: the password shows in %q", url, where)
		}
	}
}
