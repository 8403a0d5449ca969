// Command mkdist writes the files the release artefacts are built from,
// all derived from FyneApp.toml (through package guardian) so the version
// is written in one place: the Windows icons, version resource and
// manifest, the per-user MSI source for wixl, and the Linux desktop entry,
// AppStream metainfo and MIME type. packaging/dist.sh drives it.
//
//	mkdist info FIELD        print name, id, version, build, product-code or upgrade-code
//	mkdist windows DIR [VERSION]
//	                         guardian.ico, guardian-log.ico, *.rc, guardian.manifest, Guardian.wxs;
//	                         VERSION stands in for FyneApp.toml's (make smoke-windows's upgrade check)
//	mkdist linux DIR         share/ tree: .desktop, metainfo, MIME type, icons
package main

import (
	"bytes"
	"crypto/sha1"
	"embed"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/template"
	"time"

	guardian "github.com/nhsguardian/guardian"
	"github.com/nhsguardian/guardian/assets"
)

// upgradeCode is the MSI UpgradeCode: fixed for Guardian's whole life, so
// each new MSI replaces the installed one in place (MajorUpgrade) and
// deployment tools can find every version. Never change it.
const upgradeCode = "3813A2EF-3FF3-4428-9FDC-4935ACA651BD"

// publisher is shown in Windows' installed apps list and the version resource.
const publisher = "Guardian project"

//go:embed templates
var templates embed.FS

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "mkdist:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) < 2 || len(args) > 3 || len(args) == 3 && args[0] != "windows" {
		return fmt.Errorf("usage: mkdist info FIELD | windows DIR [VERSION] | linux DIR")
	}
	in, err := guardian.ReadInfo()
	if err != nil {
		return err
	}
	if len(args) == 3 {
		in.Details.Version = args[2]
		if _, err := guardian.ParseInfo(fmt.Sprintf("[Details]\nName=%q\nID=%q\nVersion=%q", in.Details.Name, in.Details.ID, args[2])); err != nil {
			return err
		}
	}
	d := newData(in)
	switch args[0] {
	case "info":
		v, ok := map[string]string{
			"name": d.Name, "id": d.ID, "version": d.Version, "build": fmt.Sprint(d.Build),
			"product-code": d.ProductCode, "upgrade-code": d.UpgradeCode,
		}[args[1]]
		if !ok {
			return fmt.Errorf("unknown field %q", args[1])
		}
		fmt.Println(v)
		return nil
	case "windows":
		return writeWindows(args[1], d)
	case "linux":
		return writeLinux(args[1], d)
	}
	return fmt.Errorf("unknown command %q", args[0])
}

// data is what the templates see.
type data struct {
	Name, ID, Version, Website, Publisher string
	Build                                 int
	// Date is the release date for the metainfo: SOURCE_DATE_EPOCH (the
	// commit's time, as dist.sh sets it) so a rebuild gives the same files.
	Date string
	// Quad is the version as Windows wants it: MAJOR,MINOR,PATCH,BUILD.
	Quad                     [4]string
	ProductCode, UpgradeCode string
	// Guids are the MSI components' ids: fixed by name, so every version
	// names the same component the same way (Windows Installer's rule).
	Guids map[string]string
}

func newData(in guardian.Info) data {
	det := in.Details
	v := strings.Split(det.Version, ".")
	d := data{
		Name: det.Name, ID: det.ID, Version: det.Version, Build: det.Build,
		Website: in.Website, Publisher: publisher,
		Quad:        [4]string{v[0], v[1], v[2], fmt.Sprint(det.Build)},
		UpgradeCode: upgradeCode,
		// A new ProductCode for each version (a major upgrade), derived
		// from it so that rebuilding the same version gives the same MSI
		// identity and docs/release.md can say how to find it.
		ProductCode: guid("product " + det.Version),
		Guids:       map[string]string{},
		Date:        time.Now().UTC().Format(time.DateOnly),
	}
	if sec, err := strconv.ParseInt(os.Getenv("SOURCE_DATE_EPOCH"), 10, 64); err == nil {
		d.Date = time.Unix(sec, 0).UTC().Format(time.DateOnly)
	}
	for _, c := range []string{"App", "Cli", "LogIcon", "Association", "Shortcut"} {
		d.Guids[c] = guid("component " + c)
	}
	return d
}

// guid is a name-based (version 5) UUID in the upgrade code's namespace.
func guid(name string) string {
	ns := parseUUID(upgradeCode)
	h := sha1.Sum(append(ns[:], name...))
	h[6] = h[6]&0x0f | 0x50
	h[8] = h[8]&0x3f | 0x80
	return strings.ToUpper(fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16]))
}

func parseUUID(s string) (u [16]byte) {
	var b []byte
	fmt.Sscanf(strings.ReplaceAll(s, "-", ""), "%x", &b)
	copy(u[:], b)
	return u
}

// render writes template name (under templates/) to path.
func render(name, path string, d data) error {
	t, err := template.ParseFS(templates, "templates/"+name)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := t.Execute(&b, d); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return writeFile(path, b.Bytes())
}

func writeFile(path string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}

func writeWindows(dir string, d data) error {
	app, doc, err := icons()
	if err != nil {
		return err
	}
	sizes := []int{16, 24, 32, 48, 64, 256}
	for name, img := range map[string]imageFn{"guardian.ico": app, "guardian-log.ico": doc} {
		b, err := ico(img, sizes)
		if err != nil {
			return err
		}
		if err := writeFile(filepath.Join(dir, name), b); err != nil {
			return err
		}
	}
	for tmpl, out := range map[string]string{
		"guardian.rc.tmpl":       "guardian.rc",
		"guardianctl.rc.tmpl":    "guardianctl.rc",
		"guardian.manifest.tmpl": "guardian.manifest",
		"Guardian.wxs.tmpl":      "Guardian.wxs",
	} {
		if err := render(tmpl, filepath.Join(dir, out), d); err != nil {
			return err
		}
	}
	return nil
}

func writeLinux(dir string, d data) error {
	app, doc, err := icons()
	if err != nil {
		return err
	}
	share := filepath.Join(dir, "share")
	for tmpl, out := range map[string]string{
		"guardian.desktop.tmpl": "applications/" + d.ID + ".desktop",
		"metainfo.xml.tmpl":     "metainfo/" + d.ID + ".metainfo.xml",
		"mime.xml.tmpl":         "mime/packages/" + d.ID + ".xml",
	} {
		if err := render(tmpl, filepath.Join(share, out), d); err != nil {
			return err
		}
	}
	if err := writeFile(filepath.Join(share, "icons/hicolor/512x512/apps", d.ID+".png"), assets.Icon); err != nil {
		return err
	}
	for _, size := range []int{48, 256} {
		for _, ic := range []struct {
			img  imageFn
			path string
		}{{app, "apps/" + d.ID + ".png"}, {doc, "mimetypes/application-x-guardian.png"}} {
			b, err := pngAt(ic.img, size)
			if err != nil {
				return err
			}
			if err := writeFile(filepath.Join(share, fmt.Sprintf("icons/hicolor/%dx%d", size, size), ic.path), b); err != nil {
				return err
			}
		}
	}
	return nil
}
