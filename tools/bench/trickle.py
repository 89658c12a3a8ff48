# Holds N connections that send the headers of a POST with a Content-Length of LENGTH bytes (default
# POST /capture, 8000000), then one byte every INTERVAL seconds, until killed. A connection the server
# ends (at its body deadline) is replaced by a new one, so that N are held throughout.
# Usage: trickle.py PORT N INTERVAL [PATH [LENGTH]]
import socket, sys, time
port, n, interval = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
path = sys.argv[4] if len(sys.argv) > 4 else "/capture"
length = int(sys.argv[5]) if len(sys.argv) > 5 else 8000000
head = ("POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/ld+json\r\nContent-Length: %d\r\n\r\n{"
        % (path, length)).encode("ascii")

def upload():
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(head)
    return s

socks = [upload() for i in range(n)]
print("holding", len(socks), "uploads to", path, flush=True)
replaced = 0
while True:
    time.sleep(interval)
    for i, s in enumerate(socks):
        try:
            s.sendall(b" ")
        except OSError:
            s.close()
            socks[i] = upload()
            replaced += 1
            print("ended by the server; replaced", replaced, "so far", flush=True)
