package place

import (
	"fmt"
	"os"
	"unsafe"

	"golang.org/x/sys/windows"
)

// systemVolume finds the volume holding path with GetVolumePathName, asks
// GetDriveType what it is, and asks the Cloud Files API whether path is inside
// a sync root (OneDrive, SharePoint libraries, and other providers that use it).
func systemVolume(path string) (Volume, error) {
	// Stat first so a missing file gives fs.ErrNotExist and the classifier
	// climbs to its folder.
	if _, err := os.Stat(path); err != nil {
		return Volume{}, err
	}
	p, err := windows.UTF16PtrFromString(path)
	if err != nil {
		return Volume{}, err
	}
	buf := make([]uint16, windows.MAX_LONG_PATH)
	if err := windows.GetVolumePathName(p, &buf[0], uint32(len(buf))); err != nil {
		return Volume{}, fmt.Errorf("GetVolumePathName: %w", err)
	}
	v := Volume{Root: windows.UTF16ToString(buf), SyncRoot: syncRootProvider(p)}
	v.Drive = DriveType(windows.GetDriveType(&buf[0]))
	return v, nil
}

// cldapi.dll exists from Windows 10 1709; it is loaded lazily and only from
// System32, and a missing DLL or function simply means "not a sync root".
var (
	cldapi                      = windows.NewLazySystemDLL("cldapi.dll")
	procCfGetSyncRootInfoByPath = cldapi.NewProc("CfGetSyncRootInfoByPath")
)

const (
	cfSyncRootInfoBasic    = 0 // CF_SYNC_ROOT_INFO_BASIC
	cfSyncRootInfoProvider = 2 // CF_SYNC_ROOT_INFO_PROVIDER
	cfMaxProviderLength    = 255
)

// cfSyncRootProviderInfo is CF_SYNC_ROOT_PROVIDER_INFO.
type cfSyncRootProviderInfo struct {
	ProviderStatus  uint32
	ProviderName    [cfMaxProviderLength + 1]uint16
	ProviderVersion [cfMaxProviderLength + 1]uint16
}

// syncRootProvider returns the sync provider's name when path is inside a
// Cloud Files sync root, and "" otherwise.
func syncRootProvider(path *uint16) string {
	if procCfGetSyncRootInfoByPath.Find() != nil {
		return ""
	}
	var basic int64 // CF_SYNC_ROOT_BASIC_INFO: the sync root's file id
	var n uint32
	hr, _, _ := procCfGetSyncRootInfoByPath.Call(uintptr(unsafe.Pointer(path)), cfSyncRootInfoBasic,
		uintptr(unsafe.Pointer(&basic)), unsafe.Sizeof(basic), uintptr(unsafe.Pointer(&n)))
	if int32(hr) < 0 {
		return ""
	}
	var info cfSyncRootProviderInfo
	hr, _, _ = procCfGetSyncRootInfoByPath.Call(uintptr(unsafe.Pointer(path)), cfSyncRootInfoProvider,
		uintptr(unsafe.Pointer(&info)), unsafe.Sizeof(info), uintptr(unsafe.Pointer(&n)))
	if name := windows.UTF16ToString(info.ProviderName[:]); int32(hr) >= 0 && name != "" {
		return name
	}
	return "a cloud sync client"
}
