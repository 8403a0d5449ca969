package place

import (
	"errors"
	"io/fs"
	"strings"
	"testing"
)

// fakeSystem answers Volume from a table of existing paths; any other path
// does not exist, so the classifier must climb to a folder it knows.
func fakeSystem(osName string, vols map[string]Volume, env map[string]string) Facts {
	return Facts{
		OS: osName,
		Volume: func(p string) (Volume, error) {
			if v, ok := vols[p]; ok {
				return v, nil
			}
			return Volume{}, &fs.PathError{Op: "stat", Path: p, Err: fs.ErrNotExist}
		},
		Getenv: func(k string) string { return env[k] },
	}
}

func TestClassifyWindows(t *testing.T) {
	vols := map[string]Volume{
		`C:\Users\alice\Documents`:                        {Root: `C:\`, Drive: DriveFixed},
		`C:\Users\alice\OneDrive - Northshire`:            {Root: `C:\`, Drive: DriveFixed},
		`C:\Users\alice\Northshire NHS\Board - Documents`: {Root: `C:\`, Drive: DriveFixed, SyncRoot: "OneDrive"},
		`C:\Users\alice\Dropbox (Trust)`:                  {Root: `C:\`, Drive: DriveFixed},
		`H:\`:                                             {Root: `H:\`, Drive: DriveRemote},
		`E:\`:                                             {Root: `E:\`, Drive: DriveRemovable},
		`D:\`:                                             {Root: `D:\`, Drive: DriveCDROM},
		`R:\`:                                             {Root: `R:\`, Drive: DriveRAMDisk},
		`X:\`:                                             {Root: `X:\`, Drive: DriveNoRootDir},
		`G:\My Drive`:                                     {Root: `G:\`, Drive: DriveFixed},
		`\\?\Volume{0b1c2d3e-0000-0000-0000-100000000000}\logs`: {Root: `\\?\Volume{0b1c2d3e-0000-0000-0000-100000000000}\`, Drive: DriveRemovable},
	}
	env := map[string]string{"OneDriveCommercial": `C:\Users\alice\OneDrive - Northshire`}
	f := fakeSystem("windows", vols, env)

	for _, tc := range []struct {
		path   string
		want   Kind
		reason string // a part of the reason
	}{
		{`C:\Users\alice\Documents\board.guardian`, LocalDisk, `C:\ is a fixed disk`},
		{`C:/Users/alice/Documents/board.guardian`, LocalDisk, `fixed disk`},
		{`\\?\C:\Users\alice\Documents\board.guardian`, LocalDisk, `fixed disk`},
		{`C:\Users\alice\Documents\not yet\made\board.guardian`, LocalDisk, `fixed disk`},
		{`R:\board.guardian`, LocalDisk, `RAM disk`},
		{`H:\Wellbeing\board.guardian`, Network, `H:\ is a network drive`},
		{`\\fileserver\people$\Wellbeing\board.guardian`, Network, `\\fileserver\people$`},
		{`//fileserver/people$/board.guardian`, Network, `\\fileserver\people$`},
		{`\\?\UNC\fileserver\people$\board.guardian`, Network, `\\fileserver\people$`},
		{`\\.\UNC\fileserver\people$\board.guardian`, Network, `\\fileserver\people$`},
		{`E:\board.guardian`, Removable, `removable`},
		{`D:\board.guardian`, Removable, `CD or DVD`},
		{`\\?\Volume{0b1c2d3e-0000-0000-0000-100000000000}\logs\board.guardian`, Removable, `removable`},
		{`C:\Users\alice\OneDrive - Northshire\Board\board.guardian`, CloudSynced, `OneDrive folder`},
		{`C:\Users\ALICE\onedrive - northshire\board.guardian`, CloudSynced, `OneDrive folder`},
		{`C:\Users\alice\Northshire NHS\Board - Documents\board.guardian`, CloudSynced, `kept in sync by OneDrive`},
		{`C:\Users\alice\Dropbox (Trust)\board.guardian`, CloudSynced, `Dropbox`},
		{`G:\My Drive\board.guardian`, CloudSynced, `Google Drive`},
		{`X:\board.guardian`, Unknown, `cannot tell`},
		{`Q:\board.guardian`, Unknown, `cannot tell`}, // no such drive at all
	} {
		p, err := f.Classify(tc.path)
		if p.Kind != tc.want || !strings.Contains(p.Reason, tc.reason) {
			t.Errorf("Classify(%s) = %v (%q), %v; want %v with %q", tc.path, p.Kind, p.Reason, err, tc.want, tc.reason)
		}
		if p.Local() != (tc.want == LocalDisk) {
			t.Errorf("Classify(%s).Local() = %v", tc.path, p.Local())
		}
	}
}

func TestClassifyLinux(t *testing.T) {
	vols := map[string]Volume{
		"/home/alice":                 {Root: "/home/alice", FSType: 0xEF53},
		"/srv/xfs":                    {Root: "/srv/xfs", FSType: 0x58465342},
		"/dev/shm":                    {Root: "/dev/shm", FSType: 0x01021994},
		"/mnt/trust":                  {Root: "/mnt/trust", FSType: 0xFF534D42},
		"/mnt/smb2":                   {Root: "/mnt/smb2", FSType: 0xFE534D42},
		"/mnt/smb1":                   {Root: "/mnt/smb1", FSType: 0x517B},
		"/mnt/nfs":                    {Root: "/mnt/nfs", FSType: 0x6969},
		"/home/alice/sshfs":           {Root: "/home/alice/sshfs", FSType: 0x65735546},
		"/mnt/ceph":                   {Root: "/mnt/ceph", FSType: 0x00C36400},
		"/media/alice/USB":            {Root: "/media/alice/USB", FSType: 0x4D44},
		"/media/alice/BIGSTICK":       {Root: "/media/alice/BIGSTICK", FSType: 0x2011BAB0},
		"/srv/odd":                    {Root: "/srv/odd", FSType: 0x12345678},
		"/home/alice/Dropbox":         {Root: "/home/alice/Dropbox", FSType: 0xEF53},
		"/home/alice/OneDrive":        {Root: "/home/alice/OneDrive", FSType: 0xEF53},
		"/home/alice/Box Sync/papers": {Root: "/home/alice/Box Sync/papers", FSType: 0xEF53},
	}
	f := fakeSystem("linux", vols, nil)
	for _, tc := range []struct {
		path   string
		want   Kind
		reason string
	}{
		{"/home/alice/board.guardian", LocalDisk, "ext4"},
		{"/home/alice/new/folder/board.guardian", LocalDisk, "ext4"},
		{"/srv/xfs/board.guardian", LocalDisk, "XFS"},
		{"/dev/shm/board.guardian", LocalDisk, "tmpfs"},
		{"/mnt/trust/board.guardian", Network, "CIFS"},
		{"/mnt/smb2/board.guardian", Network, "SMB2"},
		{"/mnt/smb1/board.guardian", Network, "SMB"},
		{"/mnt/nfs/board.guardian", Network, "NFS"},
		{"/home/alice/sshfs/board.guardian", Network, "FUSE"},
		{"/mnt/ceph/board.guardian", Network, "Ceph"},
		{"/media/alice/USB/board.guardian", Removable, "FAT"},
		{"/media/alice/BIGSTICK/board.guardian", Removable, "exFAT"},
		{"/home/alice/Dropbox/board.guardian", CloudSynced, "Dropbox"},
		{"/home/alice/OneDrive/Board/board.guardian", CloudSynced, "OneDrive"},
		{"/home/alice/Box Sync/papers/board.guardian", CloudSynced, "Box"},
		{"/srv/odd/board.guardian", Unknown, "0x12345678"},
		{"/nowhere/board.guardian", Unknown, "cannot tell"},
	} {
		p, err := f.Classify(tc.path)
		if p.Kind != tc.want || !strings.Contains(p.Reason, tc.reason) {
			t.Errorf("Classify(%s) = %v (%q), %v; want %v with %q", tc.path, p.Kind, p.Reason, err, tc.want, tc.reason)
		}
	}
}

func TestClassifyOtherSystems(t *testing.T) {
	// macOS and the BSDs offer no volume facts: only names can tell, and
	// anything else is Unknown, which Guardian treats as not local.
	noFacts := errors.New("no volume information on this system")
	f := Facts{OS: "darwin", Volume: func(string) (Volume, error) { return Volume{}, noFacts }}
	for _, tc := range []struct {
		path string
		want Kind
	}{
		{"/Users/alice/Library/CloudStorage/OneDrive-Northshire/board.guardian", CloudSynced},
		{"/Users/alice/Library/Mobile Documents/com~apple~CloudDocs/board.guardian", CloudSynced},
		{"/Users/alice/Google Drive/board.guardian", CloudSynced},
		{"/Users/alice/Documents/board.guardian", Unknown},
	} {
		p, err := f.Classify(tc.path)
		if p.Kind != tc.want {
			t.Errorf("Classify(%s) = %v (%q), %v; want %v", tc.path, p.Kind, p.Reason, err, tc.want)
		}
		if tc.want == Unknown && !errors.Is(err, noFacts) {
			t.Errorf("Classify(%s) error = %v, want the cause", tc.path, err)
		}
	}
}

func TestFileNameIsNotAFolder(t *testing.T) {
	f := fakeSystem("linux", map[string]Volume{"/home/alice": {Root: "/home/alice", FSType: 0xEF53}}, nil)
	if p, _ := f.Classify("/home/alice/Dropbox"); p.Kind != LocalDisk {
		t.Errorf("a log named Dropbox in a local folder = %v, want local", p)
	}
}

// Users are told where a log is in their own words, never the file
// system's name ("FUSE", "CIFS").
func TestPlainWords(t *testing.T) {
	linux := Facts{OS: "linux", Getenv: func(string) string { return "" }, Volume: func(string) (Volume, error) {
		return Volume{Root: "/mnt/share", FSType: 0x65735546}, nil
	}}
	p, _ := linux.Classify("/mnt/share/board.guardian")
	if got := p.Plain(); got != "a network drive" || strings.Contains(got, "FUSE") {
		t.Errorf("FUSE mount: %q (reason %q)", got, p.Reason)
	}
	win := Facts{OS: "windows", Getenv: func(k string) string {
		if k == "OneDrive" {
			return `C:\Users\amorgan\OneDrive - NHS`
		}
		return ""
	}, Volume: func(string) (Volume, error) { return Volume{Root: `E:\`, Drive: DriveRemovable}, nil }}
	for path, want := range map[string]string{
		`C:\Users\amorgan\OneDrive - NHS\board.guardian`: "a OneDrive folder",
		`E:\board.guardian`:                 "a USB stick or other removable disk",
		`\\server\wellbeing\board.guardian`: "a network drive",
	} {
		p, _ := win.Classify(path)
		if got := p.Plain(); got != want {
			t.Errorf("%s: %q, want %q", path, got, want)
		}
	}
	if got := (Place{Kind: CloudSynced, Service: "iCloud"}).Plain(); got != "an iCloud folder" {
		t.Errorf("iCloud: %q", got)
	}
}
