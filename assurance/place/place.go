// Package place tells where a file lives: on this computer's own fixed disk,
// on a network drive, on a removable disk such as a USB stick, or in a folder
// a cloud client (OneDrive, SharePoint, Dropbox, Google Drive, Box, iCloud)
// keeps in sync.
//
// SQLite's write-ahead log is only safe when every program using a database
// runs on one computer and the file system's locks work, and a sync client
// may upload a database half way through a write. Guardian opens a log in
// place only when it is on a local fixed disk; anywhere else it works on a
// local copy (see assurance/workcopy). Firefox's engineers found no reliable
// way to recognise every network file system, so a place that cannot be
// recognised is Unknown, and Unknown is treated as not local.
//
// The facts the operating system gives (the volume's drive type on Windows,
// the file system's magic number on Linux, the Cloud Files sync root, the
// OneDrive environment variables) are gathered behind Facts, so the rules
// can be tested with the facts of any computer.
package place

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// Kind is the kind of place a file lives in.
type Kind int

const (
	Unknown     Kind = iota // could not tell: treated as not local
	LocalDisk               // this computer's own fixed disk
	Network                 // a network share or mapped network drive
	Removable               // a USB stick, memory card or CD
	CloudSynced             // a folder a cloud client keeps in sync
)

// String names the kind in plain words.
func (k Kind) String() string {
	switch k {
	case LocalDisk:
		return "this computer's own disk"
	case Network:
		return "a network drive"
	case Removable:
		return "a removable disk"
	case CloudSynced:
		return "a cloud-synced folder"
	}
	return "an unknown kind of drive"
}

// Place is where a path lives and why Guardian thinks so.
type Place struct {
	Kind   Kind
	Reason string // for whoever supports the user, such as "/mnt/h is a CIFS (Windows share) network file system"
	// Service names the sync client of a CloudSynced place ("OneDrive").
	Service string
}

// Plain says where the file is in the words a user would use: "a network
// drive", "a OneDrive folder", "a USB stick or other removable disk".
// Reason has the detail.
func (p Place) Plain() string {
	switch p.Kind {
	case Network:
		return "a network drive"
	case Removable:
		return "a USB stick or other removable disk"
	case CloudSynced:
		switch s := p.Service; {
		case s == "" || strings.HasPrefix(s, "a "):
			return "a folder kept in sync with the cloud"
		case strings.ContainsRune("AEIOUaeiou", rune(s[0])) && !strings.HasPrefix(s, "One"): // "a OneDrive", "an iCloud"
			return "an " + s + " folder"
		default:
			return "a " + s + " folder"
		}
	case LocalDisk:
		return "this computer's own disk"
	}
	return "a drive Guardian cannot identify, so it is treated like a network drive"
}

// Local reports whether the place is this computer's own fixed disk, the
// only place a log is opened directly.
func (p Place) Local() bool { return p.Kind == LocalDisk }

func (p Place) String() string { return p.Kind.String() + ": " + p.Reason }

// DriveType is what Windows' GetDriveType says of a volume. The values are
// Windows' own DRIVE_* numbers.
type DriveType uint32

const (
	DriveUnknown   DriveType = 0
	DriveNoRootDir DriveType = 1
	DriveRemovable DriveType = 2
	DriveFixed     DriveType = 3
	DriveRemote    DriveType = 4
	DriveCDROM     DriveType = 5
	DriveRAMDisk   DriveType = 6
)

// Volume is what the operating system says about the volume holding a path.
type Volume struct {
	Root string // the volume's root or mount point, for messages
	// Drive is the Windows drive type; DriveUnknown elsewhere.
	Drive DriveType
	// FSType is the Linux statfs file system magic number; 0 elsewhere.
	FSType int64
	// SyncRoot is the name of the Windows Cloud Files provider (such as
	// "OneDrive") when the path is inside one of its sync roots.
	SyncRoot string
}

// Facts are the operating system's answers the classifier works from.
type Facts struct {
	// OS is the runtime.GOOS whose path rules apply ("windows" reads \\server
	// and drive letters).
	OS string
	// Volume describes the volume holding an existing path. An error
	// satisfying errors.Is(err, fs.ErrNotExist) makes the classifier ask
	// again about the parent folder, so a log not yet created can be judged
	// by the folder it will go in.
	Volume func(path string) (Volume, error)
	// Getenv reads an environment variable (OneDrive, OneDriveCommercial...).
	Getenv func(string) string
}

// System returns the facts of the computer Guardian is running on.
func System() Facts {
	return Facts{OS: runtime.GOOS, Volume: systemVolume, Getenv: os.Getenv}
}

// Classify says where path lives on this computer.
func Classify(path string) (Place, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return Place{Kind: Unknown, Reason: "the file name cannot be read"}, fmt.Errorf("classify %q: %w", path, err)
	}
	return System().Classify(abs)
}

// Classify says where the absolute path lives according to f. Only a path
// Guardian positively recognises as a local fixed disk is LocalDisk.
func (f Facts) Classify(path string) (Place, error) {
	if path == "" {
		return Place{Kind: Unknown, Reason: "no file name"}, errors.New("classify: empty path")
	}
	win := f.OS == "windows"
	if win {
		path = strings.ReplaceAll(path, "/", `\`)
		if p, ok := uncPlace(path); ok {
			return p, nil
		}
		path = stripLongPrefix(path)
	}
	if p, ok := f.envCloud(path, win); ok {
		return p, nil
	}
	v, vpath, verr := f.volume(path, win)
	if verr == nil {
		if v.SyncRoot != "" {
			return Place{Kind: CloudSynced, Reason: fmt.Sprintf("the folder is kept in sync by %s", v.SyncRoot), Service: v.SyncRoot}, nil
		}
		if p, ok := remoteOrRemovable(v); ok {
			return p, nil
		}
	}
	if p, ok := cloudByName(path, win); ok {
		return p, nil
	}
	if verr != nil {
		return Place{Kind: Unknown, Reason: "Guardian cannot tell what kind of drive this is"}, fmt.Errorf("classify %q: volume of %q: %w", path, vpath, verr)
	}
	return localOrUnknown(v), nil
}

// volume asks for the volume of path, climbing to the nearest folder that exists.
func (f Facts) volume(path string, win bool) (Volume, string, error) {
	if f.Volume == nil {
		return Volume{}, path, errors.New("no volume information on this system")
	}
	p := path
	for {
		v, err := f.Volume(p)
		if err == nil || !errors.Is(err, fs.ErrNotExist) {
			return v, p, err
		}
		parent := parentOf(p, win)
		if parent == p {
			return v, p, err
		}
		p = parent
	}
}

func parentOf(p string, win bool) string {
	sep := "/"
	if win {
		sep = `\`
	}
	t := strings.TrimRight(p, sep)
	i := strings.LastIndex(t, sep)
	switch {
	case t == "" || i < 0:
		return p
	case i == 0:
		return sep
	case win && i == 2 && t[1] == ':':
		return t[:3] // C:\
	}
	return t[:i]
}

// uncPlace recognises Windows network paths: \\server\share\... and
// \\?\UNC\server\share\.... The \\?\ and \\.\ prefixes before a drive letter
// or volume are not network paths.
func uncPlace(p string) (Place, bool) {
	upper := strings.ToUpper(p)
	for _, prefix := range []string{`\\?\UNC\`, `\\.\UNC\`} {
		if strings.HasPrefix(upper, prefix) {
			return Place{Kind: Network, Reason: "a network path (\\\\" + shareOf(p[len(prefix):]) + ")"}, true
		}
	}
	if strings.HasPrefix(p, `\\`) && !strings.HasPrefix(p, `\\?\`) && !strings.HasPrefix(p, `\\.\`) {
		return Place{Kind: Network, Reason: "a network path (\\\\" + shareOf(p[2:]) + ")"}, true
	}
	return Place{}, false
}

// shareOf returns "server\share" from "server\share\folder\file".
func shareOf(rest string) string {
	parts := strings.SplitN(rest, `\`, 3)
	if len(parts) >= 2 {
		return parts[0] + `\` + parts[1]
	}
	return parts[0]
}

// stripLongPrefix turns \\?\C:\x and \\.\C:\x into C:\x.
func stripLongPrefix(p string) string {
	if (strings.HasPrefix(p, `\\?\`) || strings.HasPrefix(p, `\\.\`)) && len(p) >= 6 && p[5] == ':' {
		return p[4:]
	}
	return p
}

// oneDriveVars are the variables the OneDrive client sets to its folders.
// They catch only the main folders: SharePoint libraries synced elsewhere are
// found through the sync root or by name.
var oneDriveVars = []string{"OneDriveCommercial", "OneDriveConsumer", "OneDrive"}

func (f Facts) envCloud(path string, win bool) (Place, bool) {
	if f.Getenv == nil {
		return Place{}, false
	}
	for _, k := range oneDriveVars {
		dir := f.Getenv(k)
		if dir != "" && within(path, dir, win) {
			return Place{Kind: CloudSynced, Reason: fmt.Sprintf("inside the OneDrive folder %s", dir), Service: "OneDrive"}, true
		}
	}
	return Place{}, false
}

// within reports whether path is dir or inside it. Windows names ignore case.
func within(path, dir string, win bool) bool {
	sep := "/"
	if win {
		sep = `\`
		path, dir = strings.ToLower(strings.ReplaceAll(path, "/", sep)), strings.ToLower(strings.ReplaceAll(dir, "/", sep))
	}
	dir = strings.TrimRight(dir, sep)
	return dir != "" && (path == dir || strings.HasPrefix(path, dir+sep))
}

// cloudFolder reports whether a folder name is one a sync client makes.
// The names are those of OneDrive ("OneDrive", "OneDrive - NHS Trust"),
// SharePoint, Dropbox ("Dropbox (Team)"), Google Drive ("Google Drive",
// "GoogleDrive-name@nhs.net", "My Drive"), Box ("Box", "Box Sync"), iCloud
// and macOS's CloudStorage.
func cloudFolder(name string) (string, bool) {
	n := strings.ToLower(name)
	switch {
	case n == "onedrive" || strings.HasPrefix(n, "onedrive - ") || strings.HasPrefix(n, "onedrive-"):
		return "OneDrive", true
	case strings.Contains(n, "sharepoint"):
		return "SharePoint", true
	case n == "dropbox" || strings.HasPrefix(n, "dropbox (") || strings.HasPrefix(n, "dropbox-"):
		return "Dropbox", true
	case n == "google drive" || strings.HasPrefix(n, "googledrive") || n == "my drive" || n == "shared drives":
		return "Google Drive", true
	case n == "box" || n == "box sync" || strings.HasPrefix(n, "box-"):
		return "Box", true
	case n == "icloud drive" || n == "iclouddrive" || n == "mobile documents" || n == "com~apple~clouddocs":
		return "iCloud", true
	case n == "cloudstorage":
		return "a cloud storage service", true
	case n == "nextcloud" || n == "owncloud":
		return "Nextcloud", true
	}
	return "", false
}

func cloudByName(path string, win bool) (Place, bool) {
	sep := "/"
	if win {
		sep = `\`
	}
	parts := strings.Split(path, sep)
	// The last part is the file itself; only folders count.
	for _, part := range parts[:len(parts)-1] {
		if service, ok := cloudFolder(part); ok {
			return Place{Kind: CloudSynced, Reason: fmt.Sprintf("the folder %q looks like one %s keeps in sync", part, service), Service: service}, true
		}
	}
	return Place{}, false
}

func remoteOrRemovable(v Volume) (Place, bool) {
	switch v.Drive {
	case DriveRemote:
		return Place{Kind: Network, Reason: fmt.Sprintf("drive %s is a network drive", v.Root)}, true
	case DriveRemovable:
		return Place{Kind: Removable, Reason: fmt.Sprintf("drive %s is a removable disk", v.Root)}, true
	case DriveCDROM:
		return Place{Kind: Removable, Reason: fmt.Sprintf("drive %s is a CD or DVD", v.Root)}, true
	}
	if v.FSType != 0 {
		if name, ok := networkFS[v.FSType]; ok {
			return Place{Kind: Network, Reason: fmt.Sprintf("%s is a %s network file system", v.Root, name)}, true
		}
		if name, ok := removableFS[v.FSType]; ok {
			return Place{Kind: Removable, Reason: fmt.Sprintf("%s is a %s file system, as USB sticks and memory cards use", v.Root, name)}, true
		}
	}
	return Place{}, false
}

func localOrUnknown(v Volume) Place {
	switch v.Drive {
	case DriveFixed:
		return Place{Kind: LocalDisk, Reason: fmt.Sprintf("drive %s is a fixed disk in this computer", v.Root)}
	case DriveRAMDisk:
		return Place{Kind: LocalDisk, Reason: fmt.Sprintf("drive %s is a RAM disk in this computer", v.Root)}
	}
	if name, ok := localFS[v.FSType]; ok {
		return Place{Kind: LocalDisk, Reason: fmt.Sprintf("%s is a local %s file system", v.Root, name)}
	}
	if v.FSType != 0 {
		return Place{Kind: Unknown, Reason: fmt.Sprintf("%s has a file system Guardian does not recognise (0x%X)", v.Root, v.FSType)}
	}
	return Place{Kind: Unknown, Reason: fmt.Sprintf("Guardian cannot tell what kind of drive %s is", v.Root)}
}

// Linux file system magic numbers (linux/magic.h and the file systems' own
// sources). FUSE counts as network: sshfs, rclone and the cloud clients
// all use it, and Guardian cannot see what is behind it.
var networkFS = map[int64]string{
	0xFF534D42: "CIFS (Windows share)",
	0xFE534D42: "SMB2 (Windows share)",
	0x517B:     "SMB (Windows share)",
	0x6969:     "NFS",
	0x65735546: "FUSE",
	0x01021997: "9P",
	0x5346414F: "AFS",
	0x6B414653: "AFS",
	0x00C36400: "Ceph",
	0x73757245: "Coda",
	0x564C:     "NCP (NetWare)",
	0x7461636F: "OCFS2 cluster",
	0x01161970: "GFS2 cluster",
	0x0BD00BD0: "Lustre",
	0x47504653: "GPFS",
	0x19830326: "FhGFS/BeeGFS",
	0x13661366: "OrangeFS",
}

var removableFS = map[int64]string{
	0x4D44:     "FAT",
	0x2011BAB0: "exFAT",
	0x9660:     "ISO 9660 (CD)",
	0x15013346: "UDF (DVD)",
}

var localFS = map[int64]string{
	0xEF53:     "ext4",
	0x58465342: "XFS",
	0x9123683E: "Btrfs",
	0x01021994: "tmpfs",
	0x858458F6: "ramfs",
	0x2FC12FC1: "ZFS",
	0xF2F52010: "F2FS",
	0x794C7630: "overlay",
	0x52654973: "ReiserFS",
	0x3153464A: "JFS",
	0xCA451A4E: "bcachefs",
	0x5346544E: "NTFS",
	0xF15F:     "eCryptfs",
	0x73717368: "SquashFS",
}
