export default function PublicTrial() {
  return <h1>PublicTrial</h1>;
}
