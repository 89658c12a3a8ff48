# Holds N connections that send POST /capture headers with Content-Length 8000000, then one byte
# every INTERVAL seconds, until killed. Usage: trickle.py PORT N INTERVAL
import socket, sys, time
port, n, interval = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
socks = []
for i in range(n):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"POST /capture HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/ld+json\r\nContent-Length: 8000000\r\n\r\n{")
    socks.append(s)
print("holding", len(socks), "uploads", flush=True)
while True:
    time.sleep(interval)
    for s in list(socks):
        try:
            s.sendall(b" ")
        except OSError:
            socks.remove(s)
            print("closed by server; still holding", len(socks), flush=True)
