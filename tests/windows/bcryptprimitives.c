/* A test-only stand-in for Windows' bcryptprimitives.dll, which Debian's Wine 8 lacks.
 *
 * Rust's standard library (1.78 and later) takes its randomness on Windows from
 * ProcessPrng in bcryptprimitives.dll; Wine 8 has no such DLL, so the Windows build of
 * zakrila would not start under it. This DLL exports ProcessPrng through RtlGenRandom
 * (advapi32's SystemFunction036), which Wine has. scripts/test-windows builds it with
 * mingw and puts it beside the .exe under test; it is never shipped — real Windows 10 and
 * later have the DLL. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
