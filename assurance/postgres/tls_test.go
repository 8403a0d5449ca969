package postgres_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/postgres"
	"github.com/nhsguardian/guardian/internal/pgtest"
)

// testCA is a certificate authority made for one test.
type testCA struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	pem  []byte
}

func newCA(t *testing.T, name string) *testCA {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: name},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	return &testCA{cert: cert, key: key, pem: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})}
}

// serverCert is a certificate for host name dns signed by the authority, with its key, in PEM.
func (ca *testCA) serverCert(t *testing.T, dns string) (certPEM, keyPEM []byte) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: dns}, DNSNames: []string{dns},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		t.Fatal(err)
	}
	kb, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb})
}

// TestTLSVerifyFull: a real server with a certificate for "localhost",
// reached over TCP where it accepts only TLS. With verify-full and the
// authority's file, the log opens; with another authority's file, or
// through a name the certificate does not carry (127.0.0.1), Guardian
// refuses before sending anything, in plain words.
func TestTLSVerifyFull(t *testing.T) {
	ca := newCA(t, "Guardian test trust CA")
	cert, key := ca.serverCert(t, "localhost")
	s, err := pgtest.StartTLS(cert, key)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Stop()
	if err := setupDatabase(s); err != nil {
		t.Fatal(err)
	}
	org := "TLS Trust"
	if err := postgres.AddOrganisation(ctx, s.URL(owner, db), org); err != nil {
		t.Fatal(err)
	}
	if err := postgres.Grant(ctx, s.URL(owner, db), org, tester); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	caFile, otherFile := filepath.Join(dir, "root.crt"), filepath.Join(dir, "other.crt")
	if err := os.WriteFile(caFile, ca.pem, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(otherFile, newCA(t, "Someone else's CA").pem, 0o600); err != nil {
		t.Fatal(err)
	}
	open := func(host, caFile string) (*postgres.Store, error) {
		a := postgres.Address{Host: host, Port: s.Port, Database: db, User: tester, TLS: "verify-full", CAFile: caFile}
		return postgres.Open(ctx, a.URL(), options(org))
	}
	st, err := open("localhost", caFile)
	if err != nil {
		t.Fatalf("verify-full with the authority's file: %v", err)
	}
	if err := st.CreateQuestion(ctx, &assurance.Question{Area: "1.1", Text: "Over TLS", AskedOf: "CPO", RaisedOn: assurance.MustDate("2026-09-01")}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	// Without TLS the server refuses TCP connections (hostssl only), so
	// the connection above was encrypted.
	if _, err := postgres.Open(ctx, (postgres.Address{Host: "localhost", Port: s.Port, Database: db, User: tester, TLS: "disable"}).URL(), options(org)); err == nil {
		t.Fatal("a connection without TLS was accepted: the test proves nothing")
	}
	for _, c := range []struct{ host, ca, why string }{
		{"localhost", otherFile, "signed by another authority"},
		{"127.0.0.1", caFile, "a name the certificate does not carry"},
	} {
		_, err := open(c.host, c.ca)
		if err == nil {
			t.Fatalf("%s: opened", c.why)
		}
		if msg := assurance.ErrorMessage(err); !strings.Contains(msg, "could not prove who it is") {
			t.Errorf("%s: %q", c.why, msg)
		}
	}
}
