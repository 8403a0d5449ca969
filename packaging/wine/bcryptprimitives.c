/* TEST ONLY, NEVER SHIPPED: a stand-in for Windows' bcryptprimitives.dll,
 * which Wine 8 lacks and Go 1.22+ programs load at start (ProcessPrng).
 * make smoke-windows copies it into its throw-away Wine prefix; real
 * Windows 10 and 11 have the real one. */
#include <windows.h>

/* RtlGenRandom, exported by advapi32 under this name. */
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
	while (length > 0) {
		ULONG n = length > 0x10000000 ? 0x10000000 : (ULONG)length;
		if (!SystemFunction036(data, n))
			return FALSE;
		data += n;
		length -= n;
	}
	return TRUE;
}
