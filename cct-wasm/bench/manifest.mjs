// Generator of large manifests for the bench and the browser tests.

/** A multi-document manifest of about `bytes` bytes: Deployments, Services, ConfigMaps, some with findings. */
export function largeManifest(bytes) {
  const docs = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const secure = i % 3 !== 0;
    const doc = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-${i}
  namespace: team-${i % 17}
  labels: {app.kubernetes.io/name: app-${i}, app.kubernetes.io/part-of: bench}
spec:
  replicas: 2
  selector:
    matchLabels: {app: app-${i}}
  template:
    metadata:
      labels: {app: app-${i}}
    spec:${secure ? `
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001` : ''}
      containers:
        - name: web
          image: registry.example.fr/team-${i % 17}/app-${i}:1.${i % 10}.0
          ports:
            - containerPort: ${secure ? 8080 : 80}${i % 5 === 0 ? `
              hostPort: 8080` : ''}
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {memory: 256Mi}
        - name: proxy
          image: registry.example.fr/proxy:2.0.${i % 7}
          securityContext:
            runAsUser: ${i % 4 === 0 ? 0 : 10002}
---
apiVersion: v1
kind: Service
metadata:
  name: app-${i}
  namespace: team-${i % 17}
spec:
  selector: {app: app-${i}}
  ports:
    - port: 80
      targetPort: 8080
`;
    docs.push(doc);
    size += doc.length + 4;
  }
  return docs.join('---\n');
}

