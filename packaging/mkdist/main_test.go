package main

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	guardian "github.com/nhsguardian/guardian"
)

func TestWindowsFilesCarryFyneAppToml(t *testing.T) {
	in, err := guardian.ReadInfo()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := run([]string{"windows", dir}); err != nil {
		t.Fatal(err)
	}
	wxs, _ := os.ReadFile(filepath.Join(dir, "Guardian.wxs"))
	for _, want := range []string{
		`InstallScope="perUser"`, `Id="LocalAppDataFolder"`, `Name="Programs"`,
		`Version="` + in.Details.Version + `"`, `UpgradeCode="` + upgradeCode + `"`,
		`<MajorUpgrade`, `Root="HKCU" Key="Software\Classes\.guardian"`,
	} {
		if !strings.Contains(string(wxs), want) {
			t.Errorf("Guardian.wxs lacks %s", want)
		}
	}
	if strings.Contains(string(wxs), "HKLM") || strings.Contains(string(wxs), "ProgramFiles") {
		t.Error("Guardian.wxs writes outside the user's profile")
	}
	rc, _ := os.ReadFile(filepath.Join(dir, "guardian.rc"))
	if !strings.Contains(string(rc), `"ProductVersion", "`+in.Details.Version+`"`) {
		t.Errorf("guardian.rc has not the version:\n%s", rc)
	}
	for _, name := range []string{"guardian.ico", "guardian-log.ico"} {
		b, _ := os.ReadFile(filepath.Join(dir, name))
		if len(b) < 6 || binary.LittleEndian.Uint16(b[2:]) != 1 || binary.LittleEndian.Uint16(b[4:]) != 6 {
			t.Errorf("%s is not an icon with 6 sizes", name)
		}
	}
}

func TestCodesAreStableGUIDs(t *testing.T) {
	re := regexp.MustCompile(`^[0-9A-F]{8}-[0-9A-F]{4}-5[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$`)
	a, b := guid("product 1.2.3"), guid("product 1.2.4")
	if !re.MatchString(a) || a == b || a != guid("product 1.2.3") {
		t.Errorf("product codes %s %s", a, b)
	}
}
