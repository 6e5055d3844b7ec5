import axios from "axios";

/**
 * The browser's half: keep the token in localStorage, send it on every call, and forget it
 * on a 401. localStorage is readable by any script on the page, which is why the token is
 * short-lived and the page must not run scripts it did not write.
 */
export function createClient(baseURL: string, onLoggedOut: () => void) {
  const api = axios.create({ baseURL });
  api.interceptors.request.use((config) => {
    const token = localStorage.getItem("token");
    if (token) config.headers.Authorization = `Bearer ${token}`;
    return config;
  });
  api.interceptors.response.use(undefined, (error) => {
    if (axios.isAxiosError(error) && error.response?.status === 401) {
      localStorage.removeItem("token");
      onLoggedOut();
    }
    return Promise.reject(error);
  });
  return api;
}

export async function logIn(api: ReturnType<typeof createClient>, email: string, password: string) {
  const { data } = await api.post<{ token: string }>("/login", { email, password });
  localStorage.setItem("token", data.token);
}
