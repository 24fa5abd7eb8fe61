# Sourced by the bench scripts: nginx serving $1/www as static FHIR JSON on 127.0.0.1:$2, the
# baseline PAW's reads are compared with. Its pid file is $1/nginx.pid (the scripts' cleanup
# stops it).
start_nginx_static() {
  local work=$1 port=$2
  cat >"$work/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  default_type application/fhir+json;
  server { listen 127.0.0.1:$port; root $work/www; }
}
CONF
  nginx -c "$work/nginx.conf"
  sleep 0.5
}
