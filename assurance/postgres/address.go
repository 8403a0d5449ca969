package postgres

import (
	"net"
	"net/url"
	"strconv"
	"strings"
)

// Address is where a shared log's database is, as the app's connection
// profiles hold it, field by field rather than as a URL people must spell.
type Address struct {
	// Host is the server's name or IP address, or the folder holding its
	// Unix socket (a path starting with /).
	Host     string
	Port     int // 0: PostgreSQL's 5432
	Database string
	User     string
	// TLS is the sslmode: "" leaves Guardian's default (verify-full for a
	// server on another machine), or "verify-full", "verify-ca",
	// "require", "disable".
	TLS string
	// CAFile is the certificate authority that signed the server's
	// certificate (sslrootcert); "" uses ~/.postgresql/root.crt.
	CAFile string
}

// URL is the address as a postgres:// URL, without a password.
func (a Address) URL() string {
	u := url.URL{Scheme: "postgres", Path: "/" + a.Database}
	if a.User != "" {
		u.User = url.User(a.User)
	}
	q := url.Values{}
	port := ""
	if a.Port > 0 {
		port = strconv.Itoa(a.Port)
	}
	if strings.HasPrefix(a.Host, "/") {
		q.Set("host", a.Host) // a Unix socket's folder goes in the query
		if port != "" {
			q.Set("port", port)
		}
	} else if port != "" {
		u.Host = net.JoinHostPort(a.Host, port)
	} else {
		u.Host = a.Host
		if strings.Contains(a.Host, ":") {
			u.Host = "[" + a.Host + "]" // an IPv6 address
		}
	}
	if a.TLS != "" {
		q.Set("sslmode", a.TLS)
	}
	if a.CAFile != "" {
		q.Set("sslrootcert", a.CAFile)
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// Local reports whether the address is a server on this machine (a Unix
// socket or the loopback address), where Guardian does not insist on TLS.
func (a Address) Local() bool {
	u, err := url.Parse(a.URL())
	return err == nil && localHost(u)
}
