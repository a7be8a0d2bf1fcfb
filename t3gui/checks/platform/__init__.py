"""What the operating system knows about the network, behind small interfaces.

Linux is read for real; Windows and macOS have their own readers, tested
with fakes of what their APIs and tools return (we build on Linux).
"""
