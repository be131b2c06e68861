/* Test harness only, never shipped: Debian's Wine 8.0 has no
 * bcryptprimitives.dll, which every Go 1.22+ Windows binary loads at start
 * for ProcessPrng ("fatal error: bcryptprimitives.dll not found"). This
 * stand-in exports ProcessPrng over RtlGenRandom (advapi32's
 * SystemFunction036), which Wine has; .ci/package.sh builds it with mingw
 * into the throwaway Wine prefix's system32. Real Windows 10/11 has the
 * real DLL. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
	while (len > 0) {
		ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
		if (!SystemFunction036(data, n))
			return FALSE;
		data += n;
		len -= n;
	}
	return TRUE;
}
