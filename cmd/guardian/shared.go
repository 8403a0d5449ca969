package main

import (
	"context"
	"time"

	guardian "github.com/nhsguardian/guardian/app"
	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/postgres"
)

// connectTimeout bounds how long opening a shared log waits for its
// server: an unreachable one is then reported, not waited on for ever.
const connectTimeout = 30 * time.Second

// openShared opens the shared log a connection profile names.
func openShared(p guardian.SharedProfile, password string, readOnly bool, cat *assurance.Catalogue) (assurance.Store, error) {
	ctx, cancel := context.WithTimeout(context.Background(), connectTimeout)
	defer cancel()
	a := postgres.Address{Host: p.Host, Port: p.Port, Database: p.Database, User: p.User, TLS: p.TLS, CAFile: p.CAFile}
	s, err := postgres.Open(ctx, a.URL(), postgres.Options{Organisation: p.Organisation, ReadOnly: readOnly, Catalogue: cat, Password: password, Location: p.Location()})
	if err != nil {
		return nil, err
	}
	return s, nil
}
