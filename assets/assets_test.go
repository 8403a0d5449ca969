package assets

import (
	"strings"
	"testing"

	"github.com/nhsguardian/guardian/assurance"
)

// The strategy's own wording, from its detailed table (the short list numbers
// 4.3 and 4.4 the other way round).
var wantAreas = map[string]string{
	"1.1": "Integrated OHWB",
	"1.2": "Strategic voice of OHWB",
	"1.3": "A trusted and proactive brand",
	"1.4": "Collaborative action and visible investment in OHWB",
	"2.1": "Inclusive, needs-driven, and well-resourced OHWB",
	"2.2": "Integrated service user pathways",
	"2.3": "Common service development framework",
	"2.4": "Service innovation",
	"2.5": "Quality improvement",
	"2.6": "Maximising technology and digital",
	"2.7": "Integrated Care System collaboration",
	"2.8": "Improving access to OHWB for smaller healthcare organisations and Primary Care",
	"3.1": "Multi-disciplinary OHWB workforce planning",
	"3.2": "Attractive career pathways and talent management for OHWB professionals",
	"3.3": "Credible and accessible OHWB education and training",
	"3.4": "Empowered OHWB leaders",
	"3.5": "Empowered OHWB workforce",
	"3.6": "Developing all NHS managers in supporting employee health and wellbeing",
	"4.1": "Using data to demonstrate the impact of OHWB",
	"4.2": "Driving OHWB practice",
	"4.3": "Demonstrating the value of OHWB",
	"4.4": "Driving the OHWB market",
	"4.5": "Demonstrating the impact of this strategy",
}

func TestCatalogueHasTheStrategysDriversAndAreas(t *testing.T) {
	cat, err := Catalogue()
	if err != nil {
		t.Fatal(err)
	}
	fw := cat.Default()
	if fw.ID != "growing-ohwb-together" {
		t.Errorf("default framework = %q", fw.ID)
	}
	wantDrivers := []string{
		"Growing the strategic identity of OHWB",
		"Growing our OHWB services across systems",
		"Growing our OHWB people",
		"Growing OHWB impact and evidence-based practice",
	}
	if len(fw.Drivers) != 4 {
		t.Fatalf("got %d drivers, want 4", len(fw.Drivers))
	}
	for i, d := range fw.Drivers {
		if d.Title != wantDrivers[i] {
			t.Errorf("driver %s title = %q, want %q", d.ID, d.Title, wantDrivers[i])
		}
	}
	areas := fw.Areas()
	if len(areas) != 23 {
		t.Fatalf("got %d areas, want 23", len(areas))
	}
	for _, a := range areas {
		if want, ok := wantAreas[a.ID]; !ok || a.Title != want {
			t.Errorf("area %s title = %q, want %q", a.ID, a.Title, want)
		}
		if a.Driver == nil || !strings.HasPrefix(a.ID, a.Driver.ID+".") {
			t.Errorf("area %s is not linked to its driver", a.ID)
		}
		if len(a.Description) < 80 {
			t.Errorf("area %s description looks cut short: %q", a.ID, a.Description)
		}
	}
	if a := fw.Area("4.1"); a == nil || !strings.Contains(a.Description, "wellbeing guardians (or equivalent assurance roles) actively hold organisations to account") {
		t.Errorf("area 4.1 does not carry the strategy's words on wellbeing guardians")
	}
	if got := fw.Area("4.3").ShortTitle; got != "Demonstrating the value of OHWB" {
		t.Errorf("4.3 short title = %q: the detailed table's order must win", got)
	}
}

func TestBadCatalogueNamesTheEntry(t *testing.T) {
	cases := []struct{ name, json, want string }{
		{"duplicate area", `{"frameworks":[{"id":"f","name":"F","version":"1","drivers":[{"id":"1","title":"D","areas":[
			{"id":"1.1","short_title":"a","title":"A","description":"x"},{"id":"1.1","short_title":"b","title":"B","description":"y"}]}]}]}`, `area "1.1" appears twice`},
		{"area under wrong driver", `{"frameworks":[{"id":"f","name":"F","version":"1","drivers":[{"id":"1","title":"D","areas":[
			{"id":"2.1","short_title":"a","title":"A","description":"x"}]}]}]}`, `area "2.1" is listed under driver "1"`},
		{"duplicate driver", `{"frameworks":[{"id":"f","name":"F","version":"1","drivers":[
			{"id":"1","title":"D","areas":[{"id":"1.1","short_title":"a","title":"A","description":"x"}]},
			{"id":"1","title":"E","areas":[{"id":"1.2","short_title":"a","title":"A","description":"x"}]}]}]}`, `driver "1" appears twice`},
		{"driver without areas", `{"frameworks":[{"id":"f","name":"F","version":"1","drivers":[{"id":"1","title":"D","areas":[]}]}]}`, `driver "1" has no areas`},
		{"missing title", `{"frameworks":[{"id":"f","name":"F","version":"1","drivers":[{"id":"1","title":"D","areas":[
			{"id":"1.1","short_title":"","title":"A","description":"x"}]}]}]}`, `area "1.1" needs both`},
		{"unknown field", `{"frameworks":[{"id":"f","name":"F","version":"1","colour":"red","drivers":[]}]}`, `unknown field "colour"`},
		{"no version", `{"frameworks":[{"id":"f","name":"F","drivers":[]}]}`, `framework "f" has no version`},
		{"not json", `frameworks: []`, `not valid`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := assurance.ParseCatalogue([]byte(c.json))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error = %v, want it to mention %q", err, c.want)
			}
		})
	}
}

func TestDuplicateIDIsRejectedNamingTheIDAndLine(t *testing.T) {
	file := `{"frameworks": [
  {"id": "f", "name": "F", "version": "1", "drivers": [
    {"id": "1", "title": "D", "areas": [
      {"id": "1.1", "short_title": "a", "title": "A", "description": "x"},
      {"id": "1.2", "short_title": "b", "title": "B", "description": "y"},
      {"id": "1.1", "short_title": "c", "title": "C", "description": "z"}
    ]}
  ]}
]}`
	_, err := assurance.ParseCatalogue([]byte(file))
	if err == nil || !strings.Contains(err.Error(), `area "1.1" appears twice`) || !strings.Contains(err.Error(), "line 6: ") {
		t.Fatalf("error = %v, want the duplicate id 1.1 named at line 6", err)
	}
	broken := "{\"frameworks\": [\n  {\"id\": \"f\",\n   \"name\": 7}\n]}"
	if _, err := assurance.ParseCatalogue([]byte(broken)); err == nil || !strings.Contains(err.Error(), "line 3: ") {
		t.Fatalf("type error = %v, want line 3", err)
	}
}

func TestGuardianFunctionFrameworkNamesASourceForEveryArea(t *testing.T) {
	cat, err := Catalogue()
	if err != nil {
		t.Fatal(err)
	}
	fw := cat.Framework("health-and-wellbeing-guardian-function")
	if fw == nil || fw.Name != "Health and wellbeing guardian function" || cat.Default().ID != "growing-ohwb-together" {
		t.Fatalf("frameworks: %v", cat.Frameworks)
	}
	for _, a := range fw.Areas() {
		if !strings.HasPrefix(a.Source, "[") || !strings.Contains(a.Source, "https://") {
			t.Errorf("area %s names no source: %q", a.ID, a.Source)
		}
	}
	// Only the two board principles that could be read.
	if d := fw.Driver("6"); d == nil || len(d.Areas) != 2 {
		t.Errorf("board principles: %+v", d)
	}
}
