package guardian

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/nhsguardian/guardian/assets"
)

func TestMetadataIsFyneAppToml(t *testing.T) {
	disk, err := os.ReadFile("FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	in, err := ParseInfo(string(disk))
	if err != nil {
		t.Fatal(err)
	}
	md := Metadata()
	if md.Name != in.Details.Name || md.ID != in.Details.ID || md.Version != in.Details.Version || md.Build != in.Details.Build {
		t.Errorf("metadata %+v, FyneApp.toml %+v", md, in.Details)
	}
	if md.ID != "uk.nhs.guardian" || md.Name != "Guardian" {
		t.Errorf("id %q name %q", md.ID, md.Name)
	}
	if md.Icon == nil || !bytes.Equal(md.Icon.Content(), assets.Icon) || in.Details.Icon != "assets/icon.png" {
		t.Error("the metadata icon is not FyneApp.toml's assets/icon.png")
	}
}

func TestParseInfoRejects(t *testing.T) {
	for _, text := range []string{
		`[Details]` + "\nName = \"Guardian\"\nID = \"x\"\nVersion = \"1.2\"",
		`[Details]` + "\nName = \"Guardian\"\nID = \"x\"\nVersion = \"1.2.3-rc1\"",
		`[Details]` + "\nName = \"Guardian\"\nVersion = \"1.2.3\"",
		`[Details`,
	} {
		if _, err := ParseInfo(text); err == nil || !strings.Contains(err.Error(), "FyneApp.toml") {
			t.Errorf("%q: err %v", text, err)
		}
	}
}
